package io.usdetracker.console;

import io.usdetracker.config.Secret;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * The JVM's JAAS configuration with one realm added, Hawtio's ({@value #REALM}), whose only login is
 * {@link ConsoleLogin} with the configured account. Every other realm is answered by the configuration in force before.
 */
final class ConsoleRealm extends Configuration {

    static final String REALM = "usde-tracker";

    private final Configuration before;
    private final AppConfigurationEntry[] entries;

    private ConsoleRealm(Configuration before, String user, Secret password) {
        this.before = before;
        entries = new AppConfigurationEntry[] {new AppConfigurationEntry(ConsoleLogin.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                Map.of(ConsoleLogin.USER, user, ConsoleLogin.PASSWORD, password.value()))};
    }

    /** Installs the realm for this JVM (Hawtio's login looks it up by name through JAAS). */
    static synchronized void install(String user, Secret password) {
        Configuration current = null;
        try {
            current = Configuration.getConfiguration();
        } catch (SecurityException e) {
            // no JAAS configuration file: this realm is the only one
        }
        if (current instanceof ConsoleRealm realm) {
            current = realm.before;
        }
        Configuration.setConfiguration(new ConsoleRealm(current, user, password));
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (REALM.equals(name)) {
            return entries.clone();
        }
        return before == null ? null : before.getAppConfigurationEntry(name);
    }
}
