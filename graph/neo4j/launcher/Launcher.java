/*
 * An embedded Neo4j Community DBMS with a Bolt connector, for dutygraph's Neo4j store and its tests.
 *
 * Run it as a single-file source program on the jars graph/neo4j/launcher/prepare resolves:
 *
 *     java -Xmx512m -cp '.cache/neo4j/lib/*' graph/neo4j/launcher/Launcher.java [--port N] [--data DIR]
 *
 * Options:
 *   --port N              Bolt port on 127.0.0.1 (default: a free port picked here)
 *   --data DIR            Neo4j home (databases, logs) kept after exit (default: a temp dir, deleted at exit)
 *   --pagecache SIZE      page cache size (default 64m)
 *   --tx-memory SIZE      memory all transactions may hold together (default 128m; one transaction: half)
 *   --exit-on-stdin-eof   shut down when standard input reaches end of file (the parent went away)
 *
 * Once Bolt answers a handshake it prints exactly one line to standard output,
 *
 *     NEO4J READY bolt://127.0.0.1:PORT
 *
 * and nothing else; everything else (Neo4j's user log, errors) goes to standard error, and Neo4j's
 * debug.log to DIR/logs. Authentication is off. SIGTERM or SIGINT shut the DBMS down cleanly.
 * Exit status: the JVM's own after a clean shutdown (143 after SIGTERM, 130 after SIGINT, 0 after stdin
 * EOF), 1 if it could not start, 2 on bad arguments, 3 if shutting Neo4j down failed.
 */

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Launcher {

    private static final String HOST = "127.0.0.1";
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static final PrintStream err = System.err;
    private static final Object lock = new Object();
    private static DatabaseManagementService service; // guarded by lock
    private static Path tempHome; // deleted at exit when set
    private static boolean stopped; // guarded by lock

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("Launcher: " + e.getMessage());
            err.println("usage: Launcher.java [--port N] [--data DIR] [--pagecache SIZE] [--tx-memory SIZE]"
                    + " [--exit-on-stdin-eof]");
            System.exit(2);
            return;
        }

        Path home;
        if (options.data != null) {
            home = options.data.toAbsolutePath();
            Files.createDirectories(home);
        } else {
            home = Files.createTempDirectory("dutygraph-neo4j-");
            tempHome = home;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::shutdown, "neo4j-launcher-shutdown"));

        int port;
        try {
            port = startDbms(home, options);
            GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(READY_TIMEOUT.toMillis())) {
                throw new IllegalStateException("the default database did not become available within "
                        + READY_TIMEOUT.toSeconds() + "s");
            }
            awaitBolt(port);
        } catch (Throwable t) {
            t.printStackTrace(err);
            printDebugLogTail(home, 20);
            // last, so that a caller showing the tail of this log shows it
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("Launcher: Neo4j did not start: " + t.getMessage()
                    + (root != t ? " (root cause: " + root + ")" : ""));
            System.exit(1); // the shutdown hook stops what did start and removes the temp dir
            return;
        }

        if (options.exitOnStdinEof) {
            Thread watcher = new Thread(Launcher::exitOnStdinEof, "neo4j-launcher-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }

        System.out.println("NEO4J READY bolt://" + HOST + ":" + port);
        System.out.flush();
        new CountDownLatch(1).await(); // until a signal (or stdin EOF) runs the shutdown hook
    }

    /** Starts the DBMS and returns its Bolt port; retries with another free port if one was taken meanwhile. */
    private static int startDbms(Path home, Options options) throws IOException {
        int attempts = options.port > 0 ? 1 : BIND_ATTEMPTS;
        for (int attempt = 1; ; attempt++) {
            int port = options.port > 0 ? options.port : freePort();
            try {
                DatabaseManagementService built = builder(home, port, options).build();
                synchronized (lock) {
                    if (stopped) { // a signal arrived while starting
                        built.shutdown();
                        throw new IllegalStateException("interrupted by shutdown");
                    }
                    service = built;
                }
                return port;
            } catch (RuntimeException e) {
                if (attempt >= attempts || !causedByBind(e)) {
                    throw e;
                }
                err.println("Launcher: port " + port + " was taken, trying another one");
            }
        }
    }

    private static DatabaseManagementServiceBuilder builder(Path home, int port, Options options) {
        return new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(err, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, options.pagecache)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, options.txMemory)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, options.txMemory / 2)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's Netty event loops wait a 5 s quiet period each (two of them) by default:
                // a test session's teardown has no use for that.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static boolean causedByBind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Waits until the port answers a Bolt handshake (any 4-byte reply, even "no common version"). */
    private static void awaitBolt(int port) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(new byte[] {
                    0x60, 0x60, (byte) 0xB0, 0x17, // magic preamble
                    0, 4, 4, 5, // 5.4 down to 5.0
                    0, 0, 4, 4, // 4.4
                    0, 0, 0, 0,
                    0, 0, 0, 0,
                });
                out.flush();
                new DataInputStream(socket.getInputStream()).readFully(new byte[4]);
                return;
            } catch (IOException e) {
                last = e;
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt on " + HOST + ":" + port + " did not answer a handshake", last);
    }

    private static void exitOnStdinEof() {
        try {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            while (in.read(buffer) != -1) {
                // the parent writes nothing; we only wait for the pipe to close
            }
        } catch (IOException e) {
            // a broken stdin means the parent is gone, too
        }
        err.println("Launcher: standard input closed, shutting down");
        System.exit(0);
    }

    private static void shutdown() {
        DatabaseManagementService toStop;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            toStop = service;
            service = null;
        }
        boolean failed = false;
        if (toStop != null) {
            try {
                toStop.shutdown();
                err.println("Launcher: Neo4j stopped");
            } catch (Throwable t) {
                err.println("Launcher: shutdown failed: " + t);
                t.printStackTrace(err);
                failed = true;
            }
        }
        if (tempHome != null) {
            deleteTree(tempHome);
        }
        err.flush();
        if (failed) {
            Runtime.getRuntime().halt(3);
        }
    }

    private static void printDebugLogTail(Path home, int lines) {
        Path log = home.resolve("logs").resolve("debug.log");
        if (!Files.isRegularFile(log)) {
            return;
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            err.println("Launcher: last lines of " + log + ":");
            for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
                err.println("  " + line);
            }
        } catch (IOException e) {
            err.println("Launcher: cannot read " + log + ": " + e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>();
            paths.forEach(all::add);
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            err.println("Launcher: could not delete " + root + ": " + e);
        }
    }

    private static final class Options {
        int port; // 0: pick one
        Path data;
        long pagecache = SettingValueParsers.BYTES.parse("64m");
        long txMemory = SettingValueParsers.BYTES.parse("128m");
        boolean exitOnStdinEof;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port":
                        o.port = parsePort(value(args, ++i, arg));
                        break;
                    case "--data":
                        o.data = Paths.get(value(args, ++i, arg));
                        break;
                    case "--pagecache":
                        o.pagecache = parseSize(value(args, ++i, arg), arg);
                        break;
                    case "--tx-memory":
                        o.txMemory = parseSize(value(args, ++i, arg), arg);
                        break;
                    case "--exit-on-stdin-eof":
                        o.exitOnStdinEof = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int parsePort(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("--port needs a number from 0 to 65535, not " + text);
        }

        private static long parseSize(String text, String option) {
            try {
                return SettingValueParsers.BYTES.parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + " needs a size like 64m, not " + text);
            }
        }
    }
}
