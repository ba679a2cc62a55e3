package io.hablocks.api.resource;

import java.util.Objects;

/**
 * The name of a resource agent as Pacemaker writes it: {@code standard[:provider]:type}, for
 * example {@code ocf:heartbeat:Dummy}, {@code lsb:nginx}, {@code systemd:sshd},
 * {@code stonith:fence_dummy}, {@code java:com.example.MyAgent}. Only {@code ocf} has a provider.
 *
 * @param standard the class ({@code ocf}, {@code lsb}, {@code systemd}, {@code service},
 *     {@code upstart}, {@code nagios}, {@code stonith}, {@code java})
 * @param provider the provider for {@code ocf}, else null
 * @param type the agent type
 */
public record AgentId(String standard, String provider, String type) {

  /** Checks that ocf, and only ocf, has a provider. */
  public AgentId {
    Objects.requireNonNull(standard, "standard");
    Objects.requireNonNull(type, "type");
    if (standard.isEmpty() || type.isEmpty()) {
      throw new IllegalArgumentException("agent standard and type must not be empty");
    }
    boolean ocf = standard.equals("ocf");
    if (ocf && (provider == null || provider.isEmpty())) {
      throw new IllegalArgumentException("an ocf agent needs a provider: ocf:PROVIDER:" + type);
    }
    if (!ocf && provider != null) {
      throw new IllegalArgumentException("only ocf agents have a provider, not " + standard);
    }
  }

  /**
   * Parses {@code standard[:provider]:type}.
   *
   * @param text the agent name
   * @return the id
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static AgentId parse(String text) {
    Objects.requireNonNull(text, "text");
    int first = text.indexOf(':');
    if (first <= 0) {
      throw new IllegalArgumentException("agent '" + text + "' must be standard[:provider]:type");
    }
    String standard = text.substring(0, first);
    String rest = text.substring(first + 1);
    if (standard.equals("ocf")) {
      int second = rest.indexOf(':');
      if (second <= 0 || second == rest.length() - 1) {
        throw new IllegalArgumentException("agent '" + text + "' must be ocf:provider:type");
      }
      return new AgentId(standard, rest.substring(0, second), rest.substring(second + 1));
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("agent '" + text + "' has no type");
    }
    return new AgentId(standard, null, rest);
  }

  @Override
  public String toString() {
    return provider == null ? standard + ":" + type : standard + ":" + provider + ":" + type;
  }
}
