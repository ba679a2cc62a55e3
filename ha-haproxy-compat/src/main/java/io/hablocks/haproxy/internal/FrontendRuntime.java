package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.ProxyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** One frontend (or listen) at run time: its compiled rules, counters and backend choice. */
public final class FrontendRuntime {

  /** A compiled rule. */
  record CompiledRule(ProxyConfig.Rule rule, Predicate<RequestView> when) {}

  final ProxyConfig config;
  final Counters counters = new Counters();
  final List<CompiledRule> useBackends = new ArrayList<>();
  final List<CompiledRule> httpRules = new ArrayList<>();
  final BackendRuntime defaultBackend;
  final java.util.Map<String, BackendRuntime> backends;
  final int iid;
  final java.util.List<io.netty.channel.Channel> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  FrontendRuntime(ProxyConfig config, java.util.Map<String, BackendRuntime> backends, int iid) {
    this.config = config;
    this.backends = backends;
    this.iid = iid;
    AclEvaluator acl = new AclEvaluator(config);
    for (ProxyConfig.Rule r : config.useBackends()) {
      useBackends.add(new CompiledRule(r, acl.condition(config.file(), r)));
    }
    for (ProxyConfig.Rule r : config.httpRequestRules()) {
      httpRules.add(new CompiledRule(r, acl.condition(config.file(), r)));
    }
    BackendRuntime def = config.backend() ? backends.get(config.name()) : null;
    if (config.defaultBackend() != null) {
      def = backends.get(config.defaultBackend());
    }
    this.defaultBackend = def;
  }

  /** @return the configuration */
  public ProxyConfig config() {
    return config;
  }

  /** @return the counters */
  public Counters counters() {
    return counters;
  }

  /**
   * @param r the request
   * @return the backend for it (use_backend rules, then default_backend, then itself), or null
   */
  BackendRuntime selectBackend(RequestView r) {
    for (CompiledRule c : useBackends) {
      if (c.when().test(r)) {
        return backends.get(c.rule().action());
      }
    }
    return defaultBackend;
  }
}
