package io.entitynotifier.connect.mysql.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (JUnit extension auto-detection, see junit-platform.properties): makes JUnit stop
 * the shared servers and Connect cluster when the whole run ends.
 */
public final class StopSharedFixtures implements BeforeAllCallback {

    @Override
    @SuppressWarnings("deprecation")
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(StopSharedFixtures.class, k ->
                        (ExtensionContext.Store.CloseableResource) SharedFixtures::stopAll);
    }
}
