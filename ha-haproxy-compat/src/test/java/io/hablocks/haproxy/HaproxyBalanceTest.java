package io.hablocks.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.Picker;
import io.hablocks.api.lb.Scheduler;
import io.hablocks.api.lb.Server;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaproxyBalanceTest {

  private static List<Server> servers(int... weights) {
    List<Server> out = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      out.add(Server.of("s" + (i + 1), new InetSocketAddress("127.0.0.1", 8000 + i))
          .withWeight(weights[i]));
    }
    return out;
  }

  private static String picks(Picker p, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(p.pick(PickContext.EMPTY).server().name().substring(1));
    }
    return sb.toString();
  }

  @Test
  void roundrobinThroughTheSpiCarriesItsStateAcrossRebuilds() {
    Scheduler rr = HaproxyBalance.scheduler(BalanceConfig.ROUNDROBIN);
    assertThat(rr.name()).isEqualTo("roundrobin");
    Picker p = rr.newPicker(servers(1, 1), null);
    String first = picks(p, 3);
    Picker q = rr.newPicker(servers(1, 1), p);
    // the rotation goes on where it was, it does not restart
    String next = picks(q, 3);
    assertThat(first + next).isIn("121212", "212121");
    Picker drained = rr.newPicker(servers(1, 0), q);
    assertThat(picks(drained, 4)).isEqualTo("1111");
  }

  @Test
  void uriHashUsesTheKey() {
    Scheduler uri = HaproxyBalance.scheduler(new BalanceConfig("uri", List.of(), false, "sdbm",
        false));
    Picker p = uri.newPicker(servers(1, 1, 1), null);
    PickContext a = new PickContext(null, null, "/a/b");
    String s = p.pick(a).server().name();
    for (int i = 0; i < 5; i++) {
      assertThat(p.pick(a).server().name()).isEqualTo(s);
    }
  }
}
