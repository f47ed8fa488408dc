package watchgraph.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Runs a real Neo4j Community DBMS in this JVM (via neo4j-harness) until SIGTERM.
 *
 * <pre>
 * java ... watchgraph.neo4j.Server [PORT] [--data DIR] [--work DIR] [--http PORT] [--pagecache SIZE]
 *     [--auth] [--exit-when-ready]
 * </pre>
 *
 * PORT: Bolt port on 127.0.0.1 (default 7687). --data: Neo4j data directory, i.e. the folder
 * holding databases/ and transactions/ (default target/data/PORT); an existing store there, e.g.
 * one written by tools/neo4j/import, is served as is. --work: folder for the harness's scratch
 * home (logs, certificates), default target/run/PORT; the harness deletes its folder on clean
 * stop. --http: also serve HTTP on 127.0.0.1 at that port (default: HTTP off).
 * --exit-when-ready: stop cleanly right after startup (the build's CDS training run).
 * Authentication is off (everything listens on loopback only) unless --auth is given: then
 * the user neo4j has the password in the environment variable NEO4J_PASSWORD (for tests of
 * refused credentials against a real server).
 */
public final class Server {
    private static final Pattern MD5_DIR = Pattern.compile("[0-9a-f]{32}");

    private Server() {}

    public static void main(String[] args) {
        int port = 7687;
        Integer httpPort = null;
        Path data = null;
        Path work = null;
        long pageCache = 256L << 20;
        boolean exitWhenReady = false;
        String password = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--data" -> data = Path.of(value(args, ++i, a));
                    case "--work" -> work = Path.of(value(args, ++i, a));
                    case "--http" -> httpPort = Integer.parseInt(value(args, ++i, a));
                    case "--pagecache" -> pageCache = parseSize(value(args, ++i, a));
                    case "--exit-when-ready" -> exitWhenReady = true;
                    case "--auth" -> {
                        password = System.getenv("NEO4J_PASSWORD");
                        if (password == null || password.isEmpty()) {
                            throw new IllegalArgumentException("--auth needs NEO4J_PASSWORD in the environment");
                        }
                    }
                    case "-h", "--help" -> {
                        System.out.println("usage: Server [PORT] [--data DIR] [--work DIR] [--http PORT] [--pagecache SIZE]"
                                + " [--auth] [--exit-when-ready]");
                        return;
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        port = Integer.parseInt(a);
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("neo4j launcher: " + e.getMessage());
            System.exit(2);
            return;
        }

        Path target = targetDir();
        data = (data != null ? data : target.resolve("data").resolve(String.valueOf(port))).toAbsolutePath().normalize();
        work = (work != null ? work : target.resolve("run").resolve(String.valueOf(port))).toAbsolutePath().normalize();

        Neo4j neo4j;
        try {
            Files.createDirectories(data);
            Files.createDirectories(work);
            removeStaleHarnessDirs(work);
            // The harness puts its home in work/<random md5>/ (neo4j.log, debug.log, certificates)
            // and deletes it on close(); the data directory is set explicitly so it outlives the run.
            Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(work)
                    .withConfig(GraphDatabaseSettings.data_directory, data)
                    .withConfig(GraphDatabaseSettings.auth_enabled, password != null)
                    .withConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(HttpsConnector.enabled, false)
                    // Netty waits this quiet period (default 5 s) per Bolt event-loop group on
                    // shutdown; 0 makes SIGTERM -> exit take ~1 s instead of ~10 s.
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
            if (httpPort != null) {
                builder = builder
                        .withConfig(HttpConnector.enabled, true)
                        .withConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", httpPort))
                        .withConfig(HttpConnector.advertised_address, new SocketAddress("127.0.0.1", httpPort));
            } else {
                builder = builder.withDisabledServer();
            }
            neo4j = builder.build();
            if (password != null) {
                neo4j.databaseManagementService().database("system").executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        java.util.Map.of("password", password));
            }
        } catch (Throwable e) {
            dumpDebugLogs(work);
            e.printStackTrace();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("neo4j failed to start: " + root);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }

        AtomicBoolean stopped = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("neo4j stopping");
                try {
                    neo4j.close();
                    System.out.println("neo4j stopped");
                } catch (Throwable t) {
                    System.err.println("neo4j shutdown error: " + t);
                }
                System.out.flush();
            }
        }, "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        System.out.println("neo4j data directory " + data);
        System.out.println("neo4j home (logs/debug.log, neo4j.log; removed on clean stop) "
                + neo4j.config().get(GraphDatabaseSettings.neo4j_home));
        if (httpPort != null) {
            System.out.println("neo4j http " + neo4j.httpURI());
        }
        int boltPort = neo4j.boltURI().getPort();
        if (boltPort != port) {
            System.err.println("neo4j warning: harness reports bolt port " + boltPort);
        }
        System.out.println("neo4j ready bolt://127.0.0.1:" + port);
        System.out.flush();
        if (exitWhenReady) {
            // Used by the build to record a class-data-sharing archive of a full startup.
            System.exit(0);
        }

        // Park the main thread; the DBMS threads serve clients until the JVM is signalled.
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    private static long parseSize(String s) {
        String t = s.trim().toLowerCase();
        long mul = 1;
        if (t.endsWith("k")) { mul = 1L << 10; t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("m")) { mul = 1L << 20; t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("g")) { mul = 1L << 30; t = t.substring(0, t.length() - 1); }
        return Long.parseLong(t) * mul;
    }

    /** tools/neo4j/target, found from where this class was loaded (target/watchgraph-neo4j.jar). */
    private static Path targetDir() {
        try {
            Path classes = Path.of(Server.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = classes.getParent();
            return parent != null ? parent : classes;
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("target");
        }
    }

    /** Harness homes left behind by a killed run on this port (only md5-named folders). */
    private static void removeStaleHarnessDirs(Path work) throws IOException {
        try (Stream<Path> children = Files.list(work)) {
            for (Path p : children.toList()) {
                if (Files.isDirectory(p) && MD5_DIR.matcher(p.getFileName().toString()).matches()) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void dumpDebugLogs(Path work) {
        try (Stream<Path> walk = Files.walk(work, 3)) {
            for (Path log : walk.filter(p -> p.getFileName().toString().equals("debug.log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                System.err.println("---- last lines of " + log);
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort only
        }
    }
}
