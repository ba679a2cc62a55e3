package io.hablocks.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link PeerTest}: checks the class's and the method's needs before
 * they run; fails in CI, skips elsewhere, with a message naming what is missing.
 */
public final class PeerEnvironmentExtension implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    check(context.getRequiredTestClass(), context.getDisplayName());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getTestMethod().ifPresent(m -> check(m, context.getDisplayName()));
  }

  private static void check(AnnotatedElement element, String name) {
    Optional<PeerTest> test = AnnotationSupport.findAnnotation(element, PeerTest.class);
    if (test.isEmpty()) {
      return;
    }
    report(PeerRequirements.ofMachine().missing(test.get()), name);
  }

  static void report(List<String> missing, String name) {
    if (missing.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>(missing);
    String message = "peer environment missing for " + name + ": " + String.join("; ", lines);
    if (PeerRequirements.failWhenMissing(System.getenv())) {
      Assertions.fail(message + " [CI=true: a missing peer fails]");
    }
    Assumptions.abort(message);
  }
}
