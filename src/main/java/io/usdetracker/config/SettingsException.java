package io.usdetracker.config;

/** A setting that is missing or malformed: the message names the variable, never a secret's value. */
public class SettingsException extends RuntimeException {

    private final String setting;

    public SettingsException(String setting, String value, String expectation) {
        super(setting + "=" + shown(setting, value) + ": " + expectation);
        this.setting = setting;
    }

    public SettingsException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    private static String shown(String setting, String value) {
        boolean secret = setting.endsWith("_KEY") || setting.endsWith("_PASSWORD")
                || setting.equals("RPC_URL") || setting.equals("DATABASE_URL") || setting.equals("REDIS_URL")
                || setting.equals("CONSOLE_TARGETS");
        return secret ? "<hidden>" : "'" + value + "'";
    }
}
