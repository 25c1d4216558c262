package io.rockstream.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobmanager.CopyIn;
import io.rockstream.jobmanager.PreparedSql;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import io.rockstream.jobmanager.query.StatementControl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the protocol state machine over one {@link SqlSession}. It runs
 * on an executor of its own (not the event loop), since statements block.
 *
 * <pre>
 * client                          gateway
 *   [SSLRequest]           -&gt;
 *                          &lt;-     'S' (then TLS) | 'N'             (the decoder)
 *   StartupMessage         -&gt;
 *   [password exchange]    &lt;-&gt;                                      (PgStartup)
 *                          &lt;-     AuthenticationOk, ParameterStatus*, BackendKeyData, ReadyForQuery(I)
 * simple:
 *   Query "s1; s2"         -&gt;
 *                          &lt;-     (RowDescription, DataRow*)? CommandComplete   per statement
 *                          &lt;-     ReadyForQuery(I|T|E)      (an ErrorResponse ends the list)
 * extended:
 *   Parse, Bind, Describe(P), Execute(n), ..., Sync  -&gt;
 *                          &lt;-     ParseComplete, BindComplete, RowDescription|NoData,
 *                                 DataRow* (PortalSuspended|CommandComplete), ..., ReadyForQuery
 *   (after an error, messages up to Sync are ignored)
 * </pre>
 *
 * <p>Transaction status is inferred from what ran: a BEGIN tag enters a transaction block,
 * COMMIT/ROLLBACK leave it, an error inside it fails it; in a failed block everything but
 * COMMIT/ROLLBACK is refused with 25P02 and COMMIT rolls back, as in PostgreSQL.
 *
 * <p>Mutable; confined to the connection's executor thread.
 */
final class PgSession extends SimpleChannelInboundHandler<ClientMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(PgSession.class);
    private static final String DATABASE = "rockstream";
    private static final Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN");

    enum State {
        /** Waiting for SSLRequest, GSSENCRequest, CancelRequest or StartupMessage. */
        STARTUP,
        /** Authenticated; processing queries. */
        READY,
        /** An extended-protocol message failed: ignore everything until Sync. */
        SKIP_TO_SYNC,
        /** COPY FROM STDIN: CopyData until CopyDone or CopyFail. */
        COPY_IN,
        /** Closing; nothing more is processed. */
        CLOSED
    }

    /**
     * A parsed statement: its text, the parameter type OIDs (declared, else inferred; 0 =
     * unknown), and the engine's prepared statement, parsed once (null for the statements the
     * gateway runs itself: COPY, cursors, SUBSCRIBE; their parameters are bound into the text).
     */
    private record Prepared(String sql, List<Integer> types, PreparedSql engine) {
    }

    /** A bound statement and, once run, its result and how far Execute has read it. */
    private static final class Portal {
        final Prepared statement;
        /** The text with the parameters bound into it (for an engine statement: the text as written). */
        final ParameterBinder.Bound bound;
        /** The parameters' text forms, for an engine statement. */
        final List<String> values;
        final ResultFormats formats;
        StatementResult result;
        /** The rows of a SUBSCRIBE portal, which never end. */
        RowSource stream;
        int next;

        Portal(Prepared statement, ParameterBinder.Bound bound, List<String> values, ResultFormats formats) {
            this.statement = statement;
            this.bound = bound;
            this.values = values;
            this.formats = formats;
        }
    }

    /** A COPY FROM STDIN receiving data; {@code simple} when a Simple Query started it. */
    private record CopyInProgress(CopyIn target, CopyInDecoder decoder, boolean simple) {
    }

    /** Rows of a subscription sent at most at once, and how long one wait for them lasts before checking the connection. */
    private static final int STREAM_BATCH_ROWS = 1024;
    private static final long STREAM_POLL_MILLIS = 500;

    /** Rows of COPY TO STDOUT sent between flushes, so that the outbound buffer stays small. */
    private static final int COPY_OUT_FLUSH_ROWS = 512;

    private final Supplier<SqlSession> sessions;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private State state = State.STARTUP;
    private TransactionStatus transaction = TransactionStatus.IDLE;
    /** The statements of the Simple Query being run, and the next to run (it pauses for COPY FROM STDIN). */
    private String pendingSql;
    private List<SqlScanner.Span> pendingSpans;
    private int pendingNext;
    private CopyInProgress copyIn;
    private volatile SqlSession session;
    private final PgCursors cursors = new PgCursors();
    /** The source a statement is waiting on (FETCH from a subscription, SUBSCRIBE), for a cancel. */
    private volatile RowSource waiting;
    private Channel channel;

    PgSession(Supplier<SqlSession> sessions) {
        this.sessions = sessions;
    }

    State state() {
        return state;
    }

    /**
     * Cancels the statement this connection is running (a CancelRequest naming it arrived on
     * another connection). Called from any thread; does nothing when the connection is idle.
     */
    void cancel() {
        SqlSession running = session;
        if (running != null) {
            running.cancel();
        }
        RowSource source = waiting;
        if (source != null) {
            source.cancel();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        channel = context.channel();
        super.channelActive(context);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, ClientMessage message) {
        channel = context.channel();
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.STARTUP) {
            startup(message);
            channel.flush();
            return;
        }
        if (message instanceof ClientMessage.Terminate) {
            close();
            return;
        }
        if (state == State.COPY_IN) {
            copyMessage(message);
            channel.flush();
            return;
        }
        if (message instanceof ClientMessage.CopyData || message instanceof ClientMessage.CopyDone
                || message instanceof ClientMessage.CopyFail) {
            // the rest of a COPY that failed: dropped, as PostgreSQL does
            return;
        }
        if (message instanceof ClientMessage.Sync) {
            state = State.READY;
            removePortal("");
            PgMessages.sendReadyForQuery(channel, transaction);
            channel.flush();
            return;
        }
        if (message instanceof ClientMessage.Flush) {
            channel.flush();
            return;
        }
        if (message instanceof ClientMessage.Query query) {
            state = State.READY;
            simpleQuery(query.sql());
            return;
        }
        if (state == State.SKIP_TO_SYNC) {
            return;
        }
        try {
            extended(message);
        } catch (RockStreamException | ProtocolException failure) {
            fail(failure, IntUnaryOperator.identity());
            state = State.SKIP_TO_SYNC;
            if (transaction == TransactionStatus.IN_TRANSACTION) {
                // any error aborts the transaction block, a Parse or Bind error too (as in PostgreSQL)
                transaction = TransactionStatus.FAILED;
            }
        } catch (RuntimeException unexpected) {
            failInternal(unexpected);
            state = State.SKIP_TO_SYNC;
        }
    }

    // ---- startup ----

    private void startup(ClientMessage message) {
        // the decoder answers SSLRequest and GSSENCRequest; in the gateway, PgStartup has checked the
        // connection limit and authenticated the user before the StartupMessage gets here
        if (message instanceof ClientMessage.CancelRequest cancel) {
            CancelRegistry.of(channel).cancel(cancel.processId(), cancel.secretKey());
            close();
        } else if (message instanceof ClientMessage.Startup startup) {
            String user = startup.parameters().getOrDefault("user", "");
            String database = startup.parameters().getOrDefault("database", user);
            if (user.isEmpty()) {
                fatal(PgError.fatal("28000", "no PostgreSQL user name specified in startup packet"));
            } else if (!DATABASE.equals(database)) {
                fatal(PgError.fatal("3D000", "database \"" + database + "\" does not exist"));
            } else {
                session = sessions.get();
                PgMessages.sendAuthenticationOk(channel);
                PgMessages.sendParameterStatus(channel, "server_version", "17.0");
                PgMessages.sendParameterStatus(channel, "server_encoding", "UTF8");
                PgMessages.sendParameterStatus(channel, "client_encoding", "UTF8");
                PgMessages.sendParameterStatus(channel, "DateStyle", "ISO, MDY");
                PgMessages.sendParameterStatus(channel, "TimeZone", "UTC");
                PgMessages.sendParameterStatus(channel, "integer_datetimes", "on");
                PgMessages.sendParameterStatus(channel, "standard_conforming_strings", "on");
                PgMessages.sendParameterStatus(channel, "application_name",
                        startup.parameters().getOrDefault("application_name", ""));
                CancelRegistry.Key key = CancelRegistry.of(channel).register(channel, this::cancel);
                PgMessages.sendBackendKeyData(channel, key.processId(), key.secret());
                PgMessages.sendReadyForQuery(channel, transaction);
                state = State.READY;
            }
        } else {
            fatal(PgError.fatal("08P01", "expected a startup message, got " + message.getClass().getSimpleName()));
        }
    }

    // ---- simple query ----

    /** Runs the statements of a Simple Query, then sends ReadyForQuery (after COPY FROM STDIN, if one waits). */
    private void simpleQuery(String sql) {
        List<SqlScanner.Span> spans = SqlScanner.statements(sql);
        if (spans.isEmpty()) {
            PgMessages.sendEmptyQueryResponse(channel);
            endSimpleQuery();
            return;
        }
        pendingSql = sql;
        pendingSpans = spans;
        pendingNext = 0;
        continueSimpleQuery();
    }

    /** Runs the Simple Query's remaining statements; returns early when a COPY FROM STDIN waits for data. */
    private void continueSimpleQuery() {
        while (pendingNext < pendingSpans.size()) {
            SqlScanner.Span span = pendingSpans.get(pendingNext++);
            String text = pendingSql.substring(span.start(), span.end());
            StatementResult result;
            try {
                if (CopyStatement.isCopy(text)) {
                    if (copy(text, true)) {
                        return;
                    }
                    channel.flush();
                    continue;
                }
                if (SqlScanner.firstKeyword(text).equals("SUBSCRIBE")) {
                    subscribe(text);
                    continue;
                }
                result = run(text);
            } catch (RockStreamException failure) {
                fail(failure, position -> position + span.start());
                endSimpleQuery();
                return;
            } catch (RuntimeException unexpected) {
                failInternal(unexpected);
                endSimpleQuery();
                return;
            }
            if (result instanceof StatementResult.Rows rows) {
                PgMessages.sendRowDescription(channel, rows.columns(), ResultFormats.TEXT);
            }
            sendRows(text, result, ResultFormats.TEXT, 0, Integer.MAX_VALUE);
            // keep memory bounded for large results: let Netty drain between statements
            channel.flush();
        }
        endSimpleQuery();
    }

    private void endSimpleQuery() {
        pendingSql = null;
        pendingSpans = null;
        PgMessages.sendReadyForQuery(channel, transaction);
        channel.flush();
    }

    // ---- COPY ----

    /**
     * Runs a COPY statement: TO STDOUT sends its rows at once; FROM STDIN sends
     * CopyInResponse and returns true (the data comes in CopyData messages).
     */
    private boolean copy(String text, boolean simple) {
        CopyStatement copy;
        try {
            copy = CopyStatement.parse(text);
        } catch (RuntimeException failure) {
            failTransaction();
            throw failure;
        }
        if (transaction == TransactionStatus.FAILED) {
            // the gateway's own failures (a bad COPY or cursor statement) fail the block without the engine knowing
            throw RockStreamException.of(io.rockstream.jobgraph.error.ErrorCode.IN_FAILED_SQL_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
        if (copy.from()) {
            CopyIn target;
            try {
                target = session.copyIn(copy.table(), copy.columns());
            } catch (RuntimeException failure) {
                failTransaction();
                throw failure;
            }
            List<String> names = new ArrayList<>();
            target.columns().forEach(column -> names.add(column.name()));
            copyIn = new CopyInProgress(target, new CopyInDecoder(copy.options(), copy.table(), names, target::row),
                    simple);
            state = State.COPY_IN;
            PgMessages.sendCopyResponse(channel, true, names.size());
            channel.flush();
            return true;
        }
        try {
            copyOut(copy);
        } catch (RuntimeException failure) {
            failTransaction();
            throw failure;
        }
        return false;
    }

    private void copyOut(CopyStatement copy) {
        String query = copy.query();
        int offset = copy.queryOffset();
        if (query == null) {
            StringBuilder select = new StringBuilder("SELECT ");
            if (copy.columns().isEmpty()) {
                select.append('*');
            } else {
                for (int i = 0; i < copy.columns().size(); i++) {
                    select.append(i > 0 ? ", " : "").append(quoteIdentifier(copy.columns().get(i)));
                }
            }
            query = select.append(" FROM ").append(quoteIdentifier(copy.table())).toString();
            offset = 0;
        }
        if (SqlScanner.firstKeyword(query).equals("SUBSCRIBE")) {
            copySubscription(copy, query, offset);
            return;
        }
        StatementResult result;
        try {
            result = run(query);
        } catch (RockStreamException failure) {
            int shift = offset;
            throw failure.position() > 0 && copy.query() != null
                    ? failure.at(failure.position() + shift, failure.line(), failure.column()) : failure;
        }
        if (!(result instanceof StatementResult.Rows rows)) {
            throw RockStreamException.of(io.rockstream.jobgraph.error.ErrorCode.FEATURE_NOT_SUPPORTED,
                    "COPY query must return rows");
        }
        CopyOutEncoder encoder = new CopyOutEncoder(copy.options(), rows.columns());
        String unknown = encoder.unknownForceQuoteColumn();
        if (unknown != null) {
            throw RockStreamException.of(io.rockstream.jobgraph.error.ErrorCode.INVALID_COLUMN_REFERENCE,
                    "FORCE_QUOTE column \"%s\" not referenced by COPY", unknown);
        }
        PgMessages.sendCopyResponse(channel, false, rows.columns().size());
        if (copy.options().header()) {
            PgMessages.sendCopyData(channel, encoder.header());
        }
        int sent = 0;
        for (Row row : rows.rows()) {
            PgMessages.sendCopyData(channel, encoder.row(row));
            if (++sent % COPY_OUT_FLUSH_ROWS == 0) {
                channel.flush();
            }
        }
        PgMessages.sendCopyDone(channel);
        PgMessages.sendCommandComplete(channel, "COPY " + rows.rows().size());
    }

    /** {@code COPY (SUBSCRIBE ...) TO STDOUT}: a line per update, until the client cancels or goes. */
    private void copySubscription(CopyStatement copy, String query, int offset) {
        RowSource source;
        try {
            source = PgCursors.subscribe(CursorStatement.parse(query), session);
        } catch (RockStreamException failure) {
            throw failure.position() > 0 ? failure.at(failure.position() + offset, failure.line(), failure.column())
                    : failure;
        }
        try (source) {
            CopyOutEncoder encoder = new CopyOutEncoder(copy.options(), source.columns());
            PgMessages.sendCopyResponse(channel, false, source.columns().size());
            if (copy.options().header()) {
                PgMessages.sendCopyData(channel, encoder.header());
            }
            channel.flush();
            while (channel.isActive()) {
                for (Row row : next(source, STREAM_BATCH_ROWS, STREAM_POLL_MILLIS)) {
                    PgMessages.sendCopyData(channel, encoder.row(row));
                }
                awaitWritable();
            }
        }
    }

    /** {@code SUBSCRIBE} as a statement of its own: rows until the client cancels (57014) or goes. */
    private void subscribe(String text) {
        RowSource source = PgCursors.subscribe(CursorStatement.parse(text), session);
        try (source) {
            PgMessages.sendRowDescription(channel, source.columns(), ResultFormats.TEXT);
            channel.flush();
            stream(source, ResultFormats.TEXT);
        }
    }

    /** Sends a subscription's rows as DataRows for as long as the connection lasts (a cancel ends it with 57014). */
    private void stream(RowSource source, ResultFormats formats) {
        while (channel.isActive()) {
            sendDataRows(source.columns(), next(source, STREAM_BATCH_ROWS, STREAM_POLL_MILLIS), formats);
            awaitWritable();
        }
    }

    /** Reads from {@code source}; a cancel from another connection can stop the wait. */
    private List<Row> next(RowSource source, int max, long timeoutMillis) {
        waiting = source;
        try {
            return source.next(max, timeoutMillis);
        } finally {
            waiting = null;
        }
    }

    /** Flushes and waits while the client is slower than the rows (Netty's outbound buffer is over its mark). */
    private void awaitWritable() {
        channel.flush();
        while (channel.isActive() && !channel.isWritable()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StatementControl.canceled();
            }
        }
    }

    /** A message during COPY FROM STDIN. */
    private void copyMessage(ClientMessage message) {
        CopyInProgress copy = copyIn;
        try {
            if (message instanceof ClientMessage.CopyData data) {
                copy.decoder().feed(data.data());
            } else if (message instanceof ClientMessage.CopyDone) {
                copy.decoder().finish();
                long count = copy.target().finish();
                copyIn = null;
                state = State.READY;
                PgMessages.sendCommandComplete(channel, "COPY " + count);
                if (copy.simple()) {
                    continueSimpleQuery();
                }
            } else if (message instanceof ClientMessage.CopyFail fail) {
                copyFailed(PgError.error("57014", "COPY from stdin failed: " + fail.reason()));
            } else if (!(message instanceof ClientMessage.Flush) && !(message instanceof ClientMessage.Sync)) {
                copyFailed(PgError.error("08P01", "unexpected message type " + message.getClass().getSimpleName()
                        + " during COPY from stdin"));
            }
        } catch (CopyInDecoder.Failure failure) {
            copyFailed(PgError.of(failure.error(), IntUnaryOperator.identity()).withWhere(failure.context()));
        } catch (RockStreamException failure) {
            copyFailed(PgError.of(failure, IntUnaryOperator.identity()));
        } catch (RuntimeException unexpected) {
            LOG.error("internal error in COPY FROM STDIN", unexpected);
            copyFailed(PgError.error("XX000", "internal error: " + unexpected));
        }
    }

    /** Ends a COPY FROM STDIN with an error: nothing of it lands. */
    private void copyFailed(PgError error) {
        CopyInProgress copy = copyIn;
        copyIn = null;
        if (copy != null) {
            copy.target().abort();
        }
        failTransaction();
        PgMessages.sendErrorResponse(channel, error);
        if (copy == null || copy.simple()) {
            state = State.READY;
            endSimpleQuery();
        } else {
            state = State.SKIP_TO_SYNC;
        }
    }

    private void failTransaction() {
        if (transaction == TransactionStatus.IN_TRANSACTION) {
            transaction = TransactionStatus.FAILED;
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    // ---- extended query ----

    private void extended(ClientMessage message) {
        if (message instanceof ClientMessage.Parse parse) {
            parse(parse);
        } else if (message instanceof ClientMessage.Bind bind) {
            bind(bind);
        } else if (message instanceof ClientMessage.Describe describe) {
            describe(describe);
        } else if (message instanceof ClientMessage.Execute execute) {
            execute(execute);
        } else if (message instanceof ClientMessage.Close close) {
            if (close.kind() == 'S') {
                statements.remove(close.name());
            } else {
                removePortal(close.name());
            }
            PgMessages.sendCloseComplete(channel);
        } else {
            throw ProtocolException.violation("unexpected message " + message.getClass().getSimpleName());
        }
    }

    private void parse(ClientMessage.Parse parse) {
        if (!parse.statement().isEmpty() && statements.containsKey(parse.statement())) {
            throw new ProtocolException("42P05", "prepared statement \"" + parse.statement() + "\" already exists");
        }
        if (SqlScanner.statements(parse.sql()).size() > 1) {
            throw new ProtocolException("42601", "cannot insert multiple commands into a prepared statement");
        }
        List<Integer> types = new ArrayList<>(parse.parameterTypes());
        String sql = parse.sql();
        PreparedSql engine = null;
        if (!SqlScanner.isEmpty(sql) && !CopyStatement.isCopy(sql) && !CursorStatement.isCursorStatement(sql)
                && !SqlScanner.firstKeyword(sql).equals("SUBSCRIBE")) {
            List<SqlType> declared = new ArrayList<>(types.size());
            for (int type : types) {
                declared.add(PgTypes.parameterType(type));
            }
            engine = session.prepare(sql, declared);
            List<SqlType> inferred = engine.parameterTypes();
            for (int i = 0; i < inferred.size(); i++) {
                if (i == types.size()) {
                    types.add(PgTypes.UNSPECIFIED);
                }
                if (types.get(i) == PgTypes.UNSPECIFIED && inferred.get(i) != null) {
                    types.set(i, PgTypes.oid(inferred.get(i)));
                }
            }
        }
        int count = ParameterBinder.parameterCount(sql);
        while (types.size() < count) {
            types.add(PgTypes.UNSPECIFIED);
        }
        statements.put(parse.statement(), new Prepared(sql, types, engine));
        PgMessages.sendParseComplete(channel);
    }

    private void bind(ClientMessage.Bind bind) {
        Prepared statement = statements.get(bind.statement());
        if (statement == null) {
            throw new ProtocolException("26000", "prepared statement \"" + bind.statement() + "\" does not exist");
        }
        if (bind.values().size() != statement.types().size()) {
            throw ProtocolException.violation("bind message supplies " + bind.values().size()
                    + " parameters, but prepared statement \"" + bind.statement() + "\" requires "
                    + statement.types().size());
        }
        int formatCount = bind.parameterFormats().size();
        if (formatCount > 1 && formatCount != bind.values().size()) {
            throw ProtocolException.violation("bind message has " + formatCount + " parameter formats but "
                    + bind.values().size() + " parameters");
        }
        List<String> values = new ArrayList<>(bind.values().size());
        for (int i = 0; i < bind.values().size(); i++) {
            byte[] value = bind.values().get(i);
            short format = formatCount == 0 ? 0 : bind.parameterFormats().get(formatCount == 1 ? 0 : i);
            if (value == null) {
                values.add(null);
            } else if (format == 0) {
                values.add(new String(value, java.nio.charset.StandardCharsets.UTF_8));
            } else if (format == 1) {
                values.add(PgValues.decodeBinary(value, statement.types().get(i)));
            } else {
                throw new ProtocolException("22023", "unsupported format code: " + format);
            }
        }
        ResultFormats formats = new ResultFormats(bind.resultFormats());
        formats.check(bind.resultFormats().size());
        ParameterBinder.Bound bound = statement.engine() != null ? new ParameterBinder.Bound(statement.sql(), List.of())
                : ParameterBinder.bind(statement.sql(), values, statement.types());
        if (!bind.portal().isEmpty() && portals.containsKey(bind.portal())) {
            throw new ProtocolException("42P03", "cursor \"" + bind.portal() + "\" already exists");
        }
        portals.put(bind.portal(), new Portal(statement, bound, values, formats));
        PgMessages.sendBindComplete(channel);
    }

    /**
     * Describe of a statement: ParameterDescription (unspecified types as {@code unknown},
     * 705), then RowDescription for a query or NoData. The row shape of a query is found by
     * binding it with every parameter NULL, without running it. Describe of a portal runs the query (its result is kept for
     * Execute) and sends its RowDescription with the Bind's formats, or NoData for a command.
     */
    private void describe(ClientMessage.Describe describe) {
        if (describe.kind() == 'S') {
            Prepared statement = statements.get(describe.name());
            if (statement == null) {
                throw new ProtocolException("26000", "prepared statement \"" + describe.name() + "\" does not exist");
            }
            List<Integer> described = new ArrayList<>();
            for (int type : statement.types()) {
                described.add(type == PgTypes.UNSPECIFIED ? PgTypes.UNKNOWN : type);
            }
            PgMessages.sendParameterDescription(channel, described);
            List<Column> portalColumns = cursorColumns(statement.sql());
            if (portalColumns != null) {
                PgMessages.sendRowDescription(channel, portalColumns, ResultFormats.TEXT);
                return;
            }
            if (statement.engine() != null) {
                // bound, not run: the row shape without reading anything
                java.util.Optional<List<Column>> columns = statement.engine().columns();
                if (columns.isPresent()) {
                    PgMessages.sendRowDescription(channel, columns.get(), ResultFormats.TEXT);
                } else {
                    PgMessages.sendNoData(channel);
                }
                return;
            }
            if (!isQuery(statement.sql())) {
                PgMessages.sendNoData(channel);
                return;
            }
            // bound (not run) with every parameter NULL: the row shape without reading anything
            List<String> nulls = new ArrayList<>();
            statement.types().forEach(type -> nulls.add(null));
            ParameterBinder.Bound probe = ParameterBinder.bind(statement.sql(), nulls, statement.types());
            java.util.Optional<List<Column>> columns;
            try {
                columns = session.describe(probe.sql());
            } catch (RockStreamException failure) {
                int position = failure.position() > 0 ? probe.originalPosition(failure.position()) : 0;
                throw position > 0 ? failure.at(position, failure.line(), failure.column()) : failure;
            }
            if (columns.isPresent()) {
                PgMessages.sendRowDescription(channel, columns.get(), ResultFormats.TEXT);
            } else {
                PgMessages.sendNoData(channel);
            }
            return;
        }
        Portal portal = portal(describe.name());
        if (SqlScanner.firstKeyword(portal.bound.sql()).equals("SUBSCRIBE")) {
            if (portal.stream == null) {
                portal.stream = PgCursors.subscribe(CursorStatement.parse(portal.bound.sql()), session);
            }
            portal.formats.check(portal.stream.columns().size());
            PgMessages.sendRowDescription(channel, portal.stream.columns(), portal.formats);
            return;
        }
        List<Column> fetched = cursorColumns(portal.bound.sql());
        if (fetched != null) {
            portal.formats.check(fetched.size());
            PgMessages.sendRowDescription(channel, fetched, portal.formats);
            return;
        }
        if (!isQuery(portal.statement.sql())) {
            PgMessages.sendNoData(channel);
            return;
        }
        if (portal.result == null) {
            portal.result = runPortal(portal);
        }
        if (portal.result instanceof StatementResult.Rows rows) {
            portal.formats.check(rows.columns().size());
            PgMessages.sendRowDescription(channel, rows.columns(), portal.formats);
        } else {
            PgMessages.sendNoData(channel);
        }
    }

    private void execute(ClientMessage.Execute execute) {
        Portal portal = portal(execute.portal());
        if (SqlScanner.isEmpty(portal.bound.sql())) {
            PgMessages.sendEmptyQueryResponse(channel);
            return;
        }
        if (CopyStatement.isCopy(portal.bound.sql())) {
            copy(portal.bound.sql(), false);
            return;
        }
        if (SqlScanner.firstKeyword(portal.bound.sql()).equals("SUBSCRIBE")) {
            if (portal.stream == null) {
                portal.stream = PgCursors.subscribe(CursorStatement.parse(portal.bound.sql()), session);
            }
            if (execute.maxRows() <= 0) {
                stream(portal.stream, portal.formats);
            } else {
                // at least one row, then whatever else has come, up to the limit: a subscription never completes
                sendDataRows(portal.stream.columns(), next(portal.stream, execute.maxRows(), -1), portal.formats);
                PgMessages.sendPortalSuspended(channel);
            }
            return;
        }
        if (portal.result == null) {
            portal.result = runPortal(portal);
        }
        int limit = execute.maxRows() <= 0 ? Integer.MAX_VALUE : execute.maxRows();
        portal.next = sendRows(portal.statement.sql(), portal.result, portal.formats, portal.next, limit);
    }

    /**
     * The columns of a statement that reads a cursor ({@code FETCH}: the cursor's columns),
     * null for any other statement ({@code MOVE}, {@code DECLARE} and {@code CLOSE} return no rows).
     */
    private List<Column> cursorColumns(String sql) {
        if (!SqlScanner.firstKeyword(sql).equals("FETCH")) {
            return null;
        }
        CursorStatement statement = CursorStatement.parse(sql);
        return statement instanceof CursorStatement.Fetch fetch ? cursors.columns(fetch.cursor()) : null;
    }

    private void removePortal(String name) {
        Portal portal = portals.remove(name);
        if (portal != null && portal.stream != null) {
            portal.stream.close();
        }
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new ProtocolException("34000", "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    private StatementResult runPortal(Portal portal) {
        PreparedSql engine = portal.statement.engine();
        if (engine != null) {
            return run(portal.statement.sql(), () -> engine.execute(portal.values));
        }
        ParameterBinder.Bound bound = portal.bound;
        try {
            return run(bound.sql());
        } catch (RockStreamException failure) {
            int position = failure.position() > 0 ? bound.originalPosition(failure.position()) : 0;
            throw position > 0 ? failure.at(position, failure.line(), failure.column()) : failure;
        }
    }

    // ---- results ----

    /**
     * Sends DataRows from row {@code from}, at most {@code limit}, then PortalSuspended when
     * rows remain or CommandComplete. Returns the index of the next row to send.
     */
    private int sendRows(String sql, StatementResult result, ResultFormats formats, int from, int limit) {
        if (result instanceof StatementResult.Command command) {
            for (StatementResult.Notice notice : command.notices()) {
                PgMessages.sendNoticeResponse(channel, notice.sqlState(), notice.message());
            }
            PgMessages.sendCommandComplete(channel, command.completionTag());
            return from;
        }
        StatementResult.Rows rows = (StatementResult.Rows) result;
        List<Column> columns = rows.columns();
        formats.check(columns.size());
        int end = (int) Math.min((long) from + limit, rows.rows().size());
        sendDataRows(columns, rows.rows().subList(from, end), formats);
        if (end < rows.rows().size()) {
            PgMessages.sendPortalSuspended(channel);
        } else {
            String keyword = SqlScanner.firstKeyword(sql);
            String tag = keyword.equals("SHOW") || keyword.equals("EXPLAIN") ? keyword
                    : (keyword.equals("FETCH") ? "FETCH " : "SELECT ") + (end - from);
            PgMessages.sendCommandComplete(channel, tag);
        }
        return end;
    }

    private void sendDataRows(List<Column> columns, List<Row> rows, ResultFormats formats) {
        for (Row row : rows) {
            List<byte[]> values = new ArrayList<>(columns.size());
            for (int c = 0; c < columns.size(); c++) {
                values.add(PgValues.encode(row.get(c), columns.get(c).type(), formats.isBinary(c)));
            }
            PgMessages.sendDataRow(channel, values);
        }
    }

    // ---- statements and the transaction status ----

    /** Runs one statement, keeping {@link #transaction} in step with what ran. */
    private StatementResult run(String sql) {
        return run(sql, () -> {
            List<StatementResult> results = session.execute(sql);
            return results.isEmpty() ? new StatementResult.Command("", -1) : results.get(0);
        });
    }

    /** Runs one statement ({@code sql}, run by {@code engine} unless the gateway runs it), keeping {@link #transaction} in step. */
    private StatementResult run(String sql, Supplier<StatementResult> engine) {
        String keyword = SqlScanner.firstKeyword(sql);
        boolean ends = keyword.equals("COMMIT") || keyword.equals("ROLLBACK") || keyword.equals("ABORT")
                || keyword.equals("END");
        if (transaction == TransactionStatus.FAILED) {
            if (!ends) {
                throw RockStreamException.of(io.rockstream.jobgraph.error.ErrorCode.IN_FAILED_SQL_TRANSACTION,
                        "current transaction is aborted, commands ignored until end of transaction block");
            }
            try {
                session.execute("ROLLBACK");
            } finally {
                transaction = TransactionStatus.IDLE;
                cursors.transactionEnded(false);
            }
            return new StatementResult.Command("ROLLBACK", -1);
        }
        try {
            StatementResult result;
            if (CursorStatement.isCursorStatement(sql)) {
                result = cursors.run(CursorStatement.parse(sql), transaction == TransactionStatus.IN_TRANSACTION,
                        session, query -> session.execute(query).get(0), this::next);
            } else {
                result = engine.get();
            }
            if (result instanceof StatementResult.Command command) {
                String tag = command.tag();
                if (tag.equals("BEGIN") || tag.equals("START TRANSACTION")) {
                    transaction = TransactionStatus.IN_TRANSACTION;
                } else if (tag.equals("COMMIT") || tag.equals("ROLLBACK")) {
                    transaction = TransactionStatus.IDLE;
                    cursors.transactionEnded(tag.equals("COMMIT"));
                }
            }
            return result;
        } catch (RuntimeException failure) {
            if (transaction == TransactionStatus.IN_TRANSACTION) {
                transaction = TransactionStatus.FAILED;
            }
            throw failure;
        }
    }

    // ---- errors and closing ----

    private void fail(RuntimeException failure, IntUnaryOperator positionOf) {
        PgError error;
        if (failure instanceof RockStreamException engine) {
            error = PgError.of(engine, positionOf);
        } else {
            ProtocolException protocol = (ProtocolException) failure;
            error = PgError.error(protocol.sqlState(), protocol.getMessage());
        }
        PgMessages.sendErrorResponse(channel, error);
    }

    private void failInternal(RuntimeException unexpected) {
        LOG.error("internal error in a Postgres session", unexpected);
        if (transaction == TransactionStatus.IN_TRANSACTION) {
            transaction = TransactionStatus.FAILED;
        }
        PgMessages.sendErrorResponse(channel, PgError.error("XX000", "internal error: " + unexpected));
    }

    private void fatal(PgError error) {
        PgMessages.sendErrorResponse(channel, error);
        close();
    }

    private void close() {
        state = State.CLOSED;
        channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean isQuery(String sql) {
        return QUERY_KEYWORDS.contains(SqlScanner.firstKeyword(sql));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        channel = context.channel();
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (state == State.CLOSED) {
            return;
        }
        if (root instanceof ProtocolException protocol) {
            fatal(PgError.fatal(protocol.sqlState(), protocol.getMessage()));
        } else if (root instanceof java.io.IOException) {
            // the client went away (connection reset): nothing to answer
            state = State.CLOSED;
            context.close();
        } else {
            LOG.error("internal error in a Postgres connection", root);
            fatal(PgError.fatal("XX000", "internal error: " + root));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        state = State.CLOSED;
        if (copyIn != null) {
            copyIn.target().abort();
            copyIn = null;
        }
        cursors.closeAll();
        for (Portal portal : portals.values()) {
            if (portal.stream != null) {
                portal.stream.close();
            }
        }
        portals.clear();
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException failure) {
                LOG.warn("closing a SQL session failed", failure);
            }
            session = null;
        }
        super.channelInactive(context);
    }
}
