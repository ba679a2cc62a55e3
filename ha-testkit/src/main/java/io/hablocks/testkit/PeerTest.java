package io.hablocks.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that needs a real peer: it carries the JUnit tag {@code peer} (so it runs in
 * {@code verify} through failsafe, not in {@code test}) and, before it runs, checks what it needs.
 * When something is missing the test fails with a message naming it if the environment variable
 * {@code CI} is {@code true}, and is skipped with that message otherwise.
 *
 * <pre>{@code
 * @PeerTest(root = true, netns = true, commands = "keepalived")
 * class KeepalivedInteropTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("peer")
@ExtendWith(PeerEnvironmentExtension.class)
public @interface PeerTest {

  /** @return executables that must be found on PATH (or absolute paths that must be executable) */
  String[] commands() default {};

  /** @return files or directories that must exist */
  String[] files() default {};

  /** @return whether the test must run as root */
  boolean root() default false;

  /** @return whether the test must be able to create network namespaces */
  boolean netns() default false;

  /** @return the Debian packages that provide what is missing, named in the message */
  String[] packages() default {};
}
