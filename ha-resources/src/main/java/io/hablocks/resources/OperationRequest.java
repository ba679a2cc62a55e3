package io.hablocks.resources;

import io.hablocks.api.resource.AgentId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One operation for the {@link ResourceExecutor}: what the controller puts in a transition
 * graph's {@code <rsc_op>}. Immutable; made with {@link #builder}.
 *
 * <pre>{@code
 * OperationRequest monitor = OperationRequest.builder("d1", AgentId.parse("ocf:heartbeat:Dummy"),
 *         "monitor")
 *     .interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(20))
 *     .parameter("state", "/run/d1.state").build();
 * }</pre>
 */
public final class OperationRequest {

  private final String resourceId;
  private final AgentId agent;
  private final String action;
  private final Duration interval;
  private final Duration timeout;
  private final Duration startDelay;
  private final Map<String, String> parameters;
  private final Map<String, String> meta;
  private final String transitionKey;
  private final boolean changesOnly;

  private OperationRequest(Builder b) {
    this.changesOnly = b.changesOnly;
    this.resourceId = b.resourceId;
    this.agent = b.agent;
    this.action = b.action;
    this.interval = b.interval;
    this.timeout = b.timeout;
    this.startDelay = b.startDelay;
    this.parameters = Map.copyOf(b.parameters);
    this.meta = Map.copyOf(b.meta);
    this.transitionKey = b.transitionKey;
  }

  /**
   * A builder.
   *
   * @param resourceId the resource (its id in the CIB, {@code rsc:0} for a clone instance)
   * @param agent the resource's agent
   * @param action the action
   * @return the builder
   */
  public static Builder builder(String resourceId, AgentId agent, String action) {
    return new Builder(resourceId, agent, action);
  }

  /** @return the resource */
  public String resourceId() {
    return resourceId;
  }

  /** @return the agent */
  public AgentId agent() {
    return agent;
  }

  /** @return the action */
  public String action() {
    return action;
  }

  /**
   * @return the interval, or null if none was given (a monitor then uses the agent's advertised
   *     monitor interval or 60 s; other actions are one-shot)
   */
  public Duration interval() {
    return interval;
  }

  /** @return the timeout, or null for the agent's advertised timeout of the action, or 20 s */
  public Duration timeout() {
    return timeout;
  }

  /** @return the delay before the operation first enters the queue */
  public Duration startDelay() {
    return startDelay;
  }

  /** @return the resource's instance attributes */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** @return meta attributes passed as {@code CRM_meta_<name>} (such as {@code on_node}) */
  public Map<String, String> meta() {
    return meta;
  }

  /** @return the controller's transition key, or null */
  public String transitionKey() {
    return transitionKey;
  }

  /**
   * @return whether a recurring operation publishes only results whose rc-code or op-status
   *     differ from the previous one (Pacemaker's {@code lrmd_opt_notify_changes_only}, which the
   *     controller sets for recurring monitors)
   */
  public boolean changesOnly() {
    return changesOnly;
  }

  @Override
  public String toString() {
    return resourceId + "_" + action + "_" + (interval == null ? "default" : interval.toMillis());
  }

  /** Builds an {@link OperationRequest}. */
  public static final class Builder {
    private final String resourceId;
    private final AgentId agent;
    private final String action;
    private Duration interval;
    private Duration timeout;
    private Duration startDelay = Duration.ZERO;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, String> meta = new LinkedHashMap<>();
    private String transitionKey;
    private boolean changesOnly;

    private Builder(String resourceId, AgentId agent, String action) {
      this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
      this.agent = Objects.requireNonNull(agent, "agent");
      this.action = Objects.requireNonNull(action, "action");
      if (resourceId.isEmpty() || action.isEmpty()) {
        throw new ResourceException("operation request: resource id and action must not be empty");
      }
    }

    /** @param d the interval (zero: one-shot) @return this */
    public Builder interval(Duration d) {
      if (d != null && d.isNegative()) {
        throw new ResourceException(this.resourceId + " " + action + ": interval " + d
            + " is negative");
      }
      this.interval = d;
      return this;
    }

    /** @param d the timeout (positive) @return this */
    public Builder timeout(Duration d) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new ResourceException(resourceId + " " + action + ": timeout " + d
            + " must be positive");
      }
      this.timeout = d;
      return this;
    }

    /** @param d the start delay @return this */
    public Builder startDelay(Duration d) {
      if (d == null || d.isNegative()) {
        throw new ResourceException(resourceId + " " + action + ": start-delay " + d
            + " is invalid");
      }
      this.startDelay = d;
      return this;
    }

    /** @param name an instance attribute @param value its value @return this */
    public Builder parameter(String name, String value) {
      parameters.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    /** @param values instance attributes @return this */
    public Builder parameters(Map<String, String> values) {
      values.forEach(this::parameter);
      return this;
    }

    /** @param name a meta attribute ({@code on_node}) @param value its value @return this */
    public Builder meta(String name, String value) {
      meta.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    /** @param key the controller's transition key @return this */
    public Builder transitionKey(String key) {
      this.transitionKey = key;
      return this;
    }

    /** @param only publish a recurring operation's result only when it changes @return this */
    public Builder changesOnly(boolean only) {
      this.changesOnly = only;
      return this;
    }

    /** @return the request */
    public OperationRequest build() {
      return new OperationRequest(this);
    }
  }
}
