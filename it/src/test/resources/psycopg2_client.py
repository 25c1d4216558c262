"""A psycopg2 client session against RockStream: parameterized queries, COPY, server-side
cursors, transactions and errors. Prints one line per check; exits non-zero on the first
failure. Usage: psycopg2_client.py PORT"""
import io
import sys

import psycopg2
import psycopg2.errors
import psycopg2.extras

port = int(sys.argv[1])
conn = psycopg2.connect(host="127.0.0.1", port=port, user="rockstream", dbname="rockstream")


def check(name, actual, expected):
    if actual != expected:
        print(f"FAIL {name}: expected {expected!r}, got {actual!r}")
        sys.exit(1)
    print(f"OK {name}")


print("server_version", conn.server_version)

# DDL runs outside transaction blocks
conn.autocommit = True
cur = conn.cursor()
cur.execute("CREATE TABLE py_items (id INT PRIMARY KEY, name TEXT, price NUMERIC(8,2), added DATE)")
cur.execute("CREATE MATERIALIZED VIEW py_totals AS SELECT count(*) AS n, sum(price) AS total FROM py_items")

# parameterized statements (psycopg2 quotes the values on the client)
cur.execute("INSERT INTO py_items VALUES (%s, %s, %s, %s)", (1, "it's", 9.99, "2024-02-29"))
cur.executemany("INSERT INTO py_items VALUES (%(id)s, %(name)s, %(price)s, NULL)",
                [{"id": i, "name": f"item {i}", "price": i} for i in range(2, 12)])
cur.execute("SELECT name, price FROM py_items WHERE id = %s", (1,))
row = cur.fetchone()
check("parameterized select", (row[0], str(row[1])), ("it's", "9.99"))
cur.execute("SELECT added FROM py_items WHERE id = 1")
check("date type", str(cur.fetchone()[0]), "2024-02-29")
cur.execute("SELECT n, total FROM py_totals")
n, total = cur.fetchone()
check("view after inserts", (n, str(total)), (11, "74.99"))

# COPY FROM STDIN: CSV through copy_expert, text through copy_from
csv_data = io.StringIO("".join(f'{i},"copy, {i}",{i}.5\n' for i in range(100, 1100)))
cur.copy_expert("COPY py_items (id, name, price) FROM STDIN WITH (FORMAT csv)", csv_data)
check("copy_expert rowcount", cur.rowcount, 1000)
text_data = io.StringIO("".join(f"{i}\ttext {i}\t\\N\n" for i in range(2000, 2500)))
cur.copy_from(text_data, "py_items", columns=("id", "name", "price"))
cur.execute("SELECT n FROM py_totals")
check("view after copy", cur.fetchone()[0], 11 + 1000 + 500)

# COPY TO STDOUT
out = io.StringIO()
cur.copy_expert("COPY (SELECT id, name FROM py_items WHERE id IN (1, 100) ORDER BY id) TO STDOUT WITH CSV HEADER", out)
check("copy to stdout", out.getvalue(), 'id,name\n1,it\'s\n100,"copy, 100"\n')

# a bad COPY lands nothing and says which line
try:
    cur.copy_expert("COPY py_items (id, name) FROM STDIN", io.StringIO("5000\tok\nnot-a-number\tbad\n"))
    check("bad copy raises", True, False)
except psycopg2.errors.InvalidTextRepresentation as e:
    check("bad copy sqlstate", e.pgcode, "22P02")
    check("bad copy context", "line 2" in (e.diag.context or ""), True)
cur.execute("SELECT count(*) FROM py_items WHERE id = 5000")
check("bad copy landed nothing", cur.fetchone()[0], 0)

# transactions: writes land together at commit
conn.autocommit = False
cur = conn.cursor()
cur.execute("INSERT INTO py_items VALUES (3000, 'tx one', 1, NULL)")
cur.execute("INSERT INTO py_items VALUES (3001, 'tx two', 2, NULL)")
other = psycopg2.connect(host="127.0.0.1", port=port, user="rockstream", dbname="rockstream")
other.autocommit = True
ocur = other.cursor()
ocur.execute("SELECT count(*) FROM py_items WHERE id >= 3000")
check("uncommitted writes invisible", ocur.fetchone()[0], 0)
conn.commit()
ocur.execute("SELECT count(*) FROM py_items WHERE id >= 3000")
check("committed writes visible", ocur.fetchone()[0], 2)

# a failed statement aborts the transaction; rollback recovers
try:
    cur.execute("INSERT INTO py_items VALUES (1, 'duplicate', 0, NULL)")
    check("duplicate raises", True, False)
except psycopg2.errors.UniqueViolation as e:
    check("duplicate sqlstate", e.pgcode, "23505")
try:
    cur.execute("SELECT 1")
    check("aborted transaction raises", True, False)
except psycopg2.errors.InFailedSqlTransaction as e:
    check("aborted transaction sqlstate", e.pgcode, "25P02")
conn.rollback()

# a syntax error has a position
try:
    cur.execute("SELEC 1")
except psycopg2.errors.SyntaxError as e:
    check("syntax error position", e.diag.statement_position, "1")
conn.rollback()

# server-side cursor: DECLARE ... FETCH FORWARD itersize ... CLOSE
named = conn.cursor(name="py_big")
named.itersize = 250
named.execute("SELECT id FROM py_items ORDER BY id")
ids = [r[0] for r in named]
check("named cursor rows", len(ids), 11 + 1000 + 500 + 2)
check("named cursor order", ids == sorted(ids), True)
named.close()
conn.commit()

# dict rows and server-side cursor over a view
dcur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
dcur.execute("SELECT n FROM py_totals")
check("dict cursor", dict(dcur.fetchone()), {"n": 1513})
conn.commit()
other.close()
conn.close()
print("DONE")
