package io.usdetracker.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * The JAAS login of Hawtio's realm: the one account HAWTIO_USER / HAWTIO_PASSWORD, handed in as the module's
 * options by {@link ConsoleRealm} (never read from a file). A successful login carries the {@link ConsoleRole}.
 */
public class ConsoleLogin implements LoginModule {

    static final String USER = "user";
    static final String PASSWORD = "password";

    private Subject subject;
    private CallbackHandler callbacks;
    private Map<String, ?> options;
    private Principal user;

    @Override
    public void initialize(Subject subject, CallbackHandler callbacks, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbacks;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        char[] given = password.getPassword();
        boolean userMatches = same(String.valueOf(options.get(USER)), name.getName());
        boolean passwordMatches = same(String.valueOf(options.get(PASSWORD)), given == null ? null : new String(given));
        password.clearPassword();
        if (!userMatches || !passwordMatches) {
            throw new FailedLoginException("wrong user or password");
        }
        user = new ConsoleRole(name.getName());
        return true;
    }

    /** Compares in constant time, so that the time taken does not tell how much of a guess was right. */
    private static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean commit() {
        if (user != null) {
            subject.getPrincipals().add(user);
            subject.getPrincipals().add(ConsoleRole.OPERATOR);
        }
        return user != null;
    }

    @Override
    public boolean abort() {
        user = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().remove(user);
        subject.getPrincipals().remove(ConsoleRole.OPERATOR);
        user = null;
        return true;
    }
}
