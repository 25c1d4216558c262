package io.rockstream.gateway;

import io.rockstream.jobmanager.Engine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class's gateway: an in-memory engine served on 127.0.0.1 and an ephemeral port for
 * the class's tests, reached with the real pgjdbc driver as user {@code rockstream}.
 */
abstract class InProcessGatewayTest {
    static Engine engine;
    static PgGateway gateway;

    @BeforeAll
    static void startGateway() {
        engine = Engine.startInMemory();
        gateway = PgGateway.start(engine, GatewayConfig.of("127.0.0.1", 0));
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        engine.close();
    }

    static Connection connect() throws SQLException {
        return connect(new Properties());
    }

    /** A pgjdbc connection with {@code properties} (user set here). */
    static Connection connect(Properties properties) throws SQLException {
        properties.setProperty("user", "rockstream");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateway.port() + "/rockstream", properties);
    }
}
