package io.hablocks.api.lb;

import java.util.Objects;

/**
 * The answer of one pick: a server, or a drop with a reason. Immutable. Pickers pre-build one
 * result per server ({@link #server}) so a pick allocates nothing.
 */
public final class PickResult {

  private static final PickResult NO_SERVER = new PickResult(null, "no server available");

  private final Server server;
  private final String dropReason;

  private PickResult(Server server, String dropReason) {
    this.server = server;
    this.dropReason = dropReason;
  }

  /**
   * @param server the chosen server
   * @return a result that chose it
   */
  public static PickResult server(Server server) {
    return new PickResult(Objects.requireNonNull(server, "server"), null);
  }

  /**
   * @param reason why the connection is dropped
   * @return a drop
   */
  public static PickResult drop(String reason) {
    return new PickResult(null, Objects.requireNonNull(reason, "reason"));
  }

  /** @return the shared drop "no server available" */
  public static PickResult noServer() {
    return NO_SERVER;
  }

  /** @return true if a server was chosen */
  public boolean hasServer() {
    return server != null;
  }

  /**
   * @return the chosen server
   * @throws IllegalStateException if this is a drop
   */
  public Server server() {
    if (server == null) {
      throw new IllegalStateException("no server: " + dropReason);
    }
    return server;
  }

  /** @return the drop reason, or null if a server was chosen */
  public String dropReason() {
    return dropReason;
  }

  @Override
  public String toString() {
    return server != null ? "pick " + server : "drop (" + dropReason + ")";
  }
}
