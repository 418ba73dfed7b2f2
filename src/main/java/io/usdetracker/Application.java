package io.usdetracker;

import io.usdetracker.cli.Commands;
import io.usdetracker.config.PackagedRoutes;
import io.usdetracker.config.SettingsException;
import io.usdetracker.config.TrackerConfiguration;
import io.usdetracker.config.TrackerSettings;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainConfigurationProperties;
import sun.misc.Signal;

/**
 * Starts the tracker: settings first (one clear line and exit 2 when one is wrong), then Camel and the routes of
 * the configured ROLE. With arguments it runs one command instead (reset-cursor, rebuild-balances, status).
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            if (lookup("LOG_LEVEL") == null) {
                // a command prints what it did; the log adds only warnings
                System.setProperty("LOG_LEVEL", "WARN");
            }
            System.exit(Commands.run(args, Application::lookup, System.out, System.err));
            return;
        }
        TrackerSettings settings;
        try {
            settings = TrackerSettings.load(Application::lookup);
        } catch (SettingsException e) {
            System.err.println("usde-tracker: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Main main = camel(settings);
        // SIGTERM (docker stop, kubectl delete) is a request to stop, not a failure: Camel stops gracefully (each
        // worker finishes the chunk in hand) and the process exits 0. The JVM's own handler would exit 143.
        Signal.handle(new Signal("TERM"), signal -> main.completed());
        try {
            main.run();
        } catch (Exception e) {
            String problem = startupProblem(e);
            if (problem == null) {
                throw e;
            }
            System.err.println(problem);
            System.exit(e instanceof SettingsException || hasCause(e, SettingsException.class) ? 2 : 1);
        }
        System.exit(main.getExitCode());
    }

    /**
     * One line for what stops start-up that the user can fix (a setting the running system refuses, a database that
     * cannot be reached), or null for anything else, which keeps its stack trace.
     */
    static String startupProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SettingsException) {
                return "usde-tracker: configuration error: " + t.getMessage();
            }
            if (t.getClass().getSimpleName().equals("RedisRefusedException")) {
                return "usde-tracker: cannot use the Redis of REDIS_URL: " + t.getMessage();
            }
            if (t instanceof java.sql.SQLException || t.getClass().getSimpleName().equals("PoolInitializationException")) {
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return "usde-tracker: cannot use the PostgreSQL of DATABASE_URL: " + root.getMessage();
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Camel application for these settings: the packaged routes, or ROUTES_DIR's; the
     * management server (health, metrics) on MANAGEMENT_PORT. Tests start the same application through here.
     */
    public static Main camel(TrackerSettings settings) {
        Main main = new Main();
        main.bind("settings", settings);
        MainConfigurationProperties config = main.configure();
        // named rather than found: scanning the packaged jar's classes for configurations took seconds of start-up
        config.addConfiguration(TrackerConfiguration.class);
        config.setBasePackageScanEnabled(false);
        // ROUTES_DIR's files are also watched and reloaded when edited (RouteFileReload, added by the configuration)
        config.setRoutesIncludePattern(settings.routesDir().map(dir -> "file:" + dir + "/*.camel.yaml")
                .orElseGet(PackagedRoutes::includePattern));
        config.httpServer().setEnabled(settings.role().servesApi());
        HttpManagementServerConfigurationProperties management = config.httpManagementServer();
        management.setEnabled(true);
        management.setPort(settings.managementPort());
        return main;
    }

    /** Environment variables, which a -D system property of the same name overrides. */
    public static String lookup(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }
}
