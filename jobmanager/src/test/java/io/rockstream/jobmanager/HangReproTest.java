package io.rockstream.jobmanager;

import org.junit.jupiter.api.Test;

class HangReproTest {
    @Test
    void repro() {
        try (Engine engine = Engine.startInMemory(); SqlSession session = engine.openSession()) {
            session.execute("CREATE TABLE l(k INTEGER, v TEXT); CREATE TABLE r(k INTEGER, w INTEGER)");
            String[] views = {
                "SELECT l.v, r.w FROM l JOIN r ON l.k = r.k",
                "SELECT l.v, r.w FROM l LEFT JOIN r ON l.k = r.k",
                "SELECT l.v, r.w FROM l FULL JOIN r ON l.k = r.k",
                "SELECT l.v, count(r.w), sum(r.w) FROM l LEFT JOIN r ON l.k = r.k GROUP BY l.v",
                "SELECT k FROM l WHERE EXISTS (SELECT 1 FROM r WHERE r.k = l.k)",
                "SELECT k FROM r WHERE k NOT IN (SELECT k FROM l WHERE k IS NOT NULL)",
                "SELECT v FROM l ORDER BY v DESC LIMIT 2"};
            for (int i = 0; i < views.length; i++) {
                session.execute("CREATE MATERIALIZED VIEW v" + i + " AS " + views[i]);
                System.err.println("created v" + i);
            }
            session.execute("INSERT INTO l VALUES (1, 'a'), (2, 'b'), (NULL, 'n')");
            System.err.println("insert 1 done");
            session.execute("INSERT INTO r VALUES (1, 10), (1, 11), (3, 30), (NULL, 99)");
            System.err.println("insert 2 done");
        }
    }
}
