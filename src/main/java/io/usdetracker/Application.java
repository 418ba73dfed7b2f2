package io.usdetracker;

import io.usdetracker.config.SettingsException;
import io.usdetracker.config.TrackerConfiguration;
import io.usdetracker.config.TrackerSettings;
import org.apache.camel.main.Main;

/** Starts the tracker: settings first (one clear line and exit 2 when one is wrong), then Camel and the routes. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        TrackerSettings settings;
        try {
            settings = TrackerSettings.load(Application::lookup);
        } catch (SettingsException e) {
            System.err.println("usde-tracker: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Main main = new Main(TrackerConfiguration.class);
        main.bind("settings", settings);
        int exit = main.run(args);
        System.exit(exit);
    }

    /** Environment variables, which a -D system property of the same name overrides. */
    static String lookup(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }
}
