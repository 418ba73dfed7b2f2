package io.usdetracker.cli;

import io.usdetracker.config.SettingsException;
import io.usdetracker.config.TrackerSettings;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * {@code java -jar usde-tracker.jar COMMAND}: the operator's commands, run against the same settings as the
 * service. Exit 0 when done, 1 when refused or failed (with the reason), 2 for a wrong command line or setting.
 */
public final class Commands {

    public static final String USAGE =
            "usage: java -jar usde-tracker.jar [reset-cursor --to BLOCK | rebuild-balances | status | verify --all]";

    private Commands() {
    }

    /** One command, given what it can reach. */
    interface Command {
        String name();

        void run(Connections connections, PrintStream out) throws Exception;
    }

    public static int run(String[] args, Function<String, String> lookup, PrintStream out, PrintStream err) {
        Command command = parse(args);
        if (command == null) {
            err.println(USAGE);
            return 2;
        }
        TrackerSettings settings;
        try {
            settings = TrackerSettings.load(lookup);
        } catch (SettingsException e) {
            err.println("usde-tracker: configuration error: " + e.getMessage());
            return 2;
        }
        try (Connections connections = new Connections(settings)) {
            command.run(connections, out);
            return 0;
        } catch (CommandRefused e) {
            err.println(command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            String reason = String.valueOf(e.getMessage());
            err.println(command.name() + ": failed: "
                    + settings.etherscanApiKey().map(key -> key.scrub(reason)).orElse(reason));
            return 1;
        }
    }

    private static Command parse(String[] args) {
        if (args.length == 1 && args[0].equals("rebuild-balances")) {
            return new RebuildBalances();
        }
        if (args.length == 1 && args[0].equals("status")) {
            return new Status();
        }
        if (args.length == 2 && args[0].equals("verify") && args[1].equals("--all")) {
            return new VerifyAll();
        }
        if (args.length == 3 && args[0].equals("reset-cursor") && args[1].equals("--to") && args[2].matches("\\d{1,18}")) {
            return new ResetCursor(Long.parseLong(args[2]));
        }
        return null;
    }
}
