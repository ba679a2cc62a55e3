package io.hablocks.haproxy;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import io.hablocks.api.lb.Picker;
import io.hablocks.api.lb.Scheduler;
import io.hablocks.api.lb.Server;
import io.hablocks.api.Clock;
import io.hablocks.haproxy.internal.Balancer;
import io.hablocks.haproxy.internal.LbServer;
import io.hablocks.haproxy.internal.RequestHead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * HAProxy's balance algorithms behind ha-api's load-balancing SPI. The {@link PickContext}'s
 * source address feeds {@code source}; its key is the request URI for {@code uri},
 * {@code url_param} and {@code hash path}, and the header value for {@code hdr}.
 *
 * <p>HAProxy's algorithms keep mutable state (the fwrr trees, the round-robin index, the ring)
 * under one lock per backend, and so do these pickers: a new picker built with the previous one
 * carries that state over and applies the weight changes as HAProxy's {@code set weight} would
 * (weight 0 takes a server out). {@code pick} is thread-safe.
 *
 * <pre>{@code
 * Scheduler rr = HaproxyBalance.scheduler(BalanceConfig.ROUNDROBIN);
 * Picker p = rr.newPicker(servers, null);
 * Server s = p.pick(PickContext.EMPTY).server();
 * }</pre>
 */
public final class HaproxyBalance {

  private HaproxyBalance() {}

  /**
   * @param balance the algorithm and hash settings
   * @return a scheduler for it
   */
  public static Scheduler scheduler(BalanceConfig balance) {
    return new HaproxyScheduler(Objects.requireNonNull(balance, "balance"));
  }

  private static final class HaproxyScheduler implements Scheduler {
    private final BalanceConfig balance;

    HaproxyScheduler(BalanceConfig balance) {
      this.balance = balance;
    }

    @Override
    public String name() {
      return balance.algorithm();
    }

    @Override
    public Picker newPicker(List<Server> servers, Picker previous) {
      if (previous instanceof HaproxyPicker p && p.balance.equals(balance)
          && p.sameNames(servers)) {
        return p.update(servers);
      }
      return new HaproxyPicker(balance, servers);
    }
  }

  private static final class HaproxyPicker implements Picker {
    final BalanceConfig balance;
    final Balancer balancer;
    final List<Server> servers;
    final Map<LbServer, PickResult> results = new HashMap<>();

    HaproxyPicker(BalanceConfig balance, List<Server> servers) {
      this.balance = balance;
      this.servers = List.copyOf(servers);
      List<ServerConfig> cfg = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        Server s = servers.get(i);
        cfg.add(ServerConfig.of(s.name(), s.address().getHostString(), s.address().getPort())
            .withWeight(Math.max(1, Math.min(256, s.weight()))).withId(i + 1));
      }
      this.balancer = new Balancer(balance, cfg, false, Clock.system(), 1);
      for (int i = 0; i < servers.size(); i++) {
        LbServer lb = balancer.servers().get(i);
        results.put(lb, PickResult.server(servers.get(i)));
        if (servers.get(i).weight() == 0) {
          balancer.setUp(lb, false);
        }
      }
    }

    private HaproxyPicker(HaproxyPicker old, List<Server> servers) {
      this.balance = old.balance;
      this.balancer = old.balancer;
      this.servers = List.copyOf(servers);
      for (int i = 0; i < servers.size(); i++) {
        results.put(balancer.servers().get(i), PickResult.server(servers.get(i)));
      }
    }

    boolean sameNames(List<Server> other) {
      if (other.size() != servers.size()) {
        return false;
      }
      for (int i = 0; i < other.size(); i++) {
        if (!other.get(i).name().equals(servers.get(i).name())) {
          return false;
        }
      }
      return true;
    }

    HaproxyPicker update(List<Server> next) {
      for (int i = 0; i < next.size(); i++) {
        LbServer lb = balancer.servers().get(i);
        int w = next.get(i).weight();
        if (w == 0) {
          balancer.setUp(lb, false);
        } else {
          balancer.setUp(lb, true);
          if (w != lb.userWeight()) {
            balancer.setWeight(lb, Math.min(256, w));
          }
        }
      }
      return new HaproxyPicker(this, next);
    }

    @Override
    public PickResult pick(PickContext context) {
      String key = context.key();
      List<String[]> headers = new ArrayList<>(1);
      if (balance.algorithm().equals("hdr") && key != null) {
        headers.add(new String[] {balance.arguments().get(0), key});
      }
      RequestHead r = new RequestHead("GET", key != null && !balance.algorithm().equals("hdr")
          ? key : "/", "HTTP/1.1", headers,
          context.source() == null ? null : context.source().getAddress());
      LbServer s = balancer.pick(r, null);
      return s == null ? PickResult.noServer() : results.get(s);
    }
  }
}
