package io.usdetracker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.config.Secret;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;

/** Hawtio's realm, through JAAS as Hawtio calls it: the one configured account, and nothing else. */
class ConsoleLoginTest {

    @Test
    void theConfiguredAccountLogsInWithTheOperatorRole() throws Exception {
        ConsoleRealm.install("watcher", new Secret("pass phrase"));
        Subject subject = new Subject();
        login(subject, "watcher", "pass phrase");
        assertThat(subject.getPrincipals()).contains(new ConsoleRole("watcher"), new ConsoleRole(ConsoleRole.NAME));
    }

    @Test
    void aWrongPasswordAWrongUserAndAdminAdminAreRefused() {
        ConsoleRealm.install("watcher", new Secret("pass phrase"));
        assertThatThrownBy(() -> login(new Subject(), "watcher", "pass phrasE")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> login(new Subject(), "other", "pass phrase")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> login(new Subject(), "admin", "admin")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> login(new Subject(), "watcher", null)).isInstanceOf(LoginException.class);
    }

    @Test
    void installingAgainReplacesTheAccount() throws Exception {
        ConsoleRealm.install("watcher", new Secret("first"));
        ConsoleRealm.install("watcher", new Secret("second"));
        assertThatThrownBy(() -> login(new Subject(), "watcher", "first")).isInstanceOf(LoginException.class);
        login(new Subject(), "watcher", "second");
    }

    private static void login(Subject subject, String user, String password) throws LoginException {
        new LoginContext(ConsoleRealm.REALM, subject, callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback secret) {
                    secret.setPassword(password == null ? null : password.toCharArray());
                }
            }
        }).login();
    }
}
