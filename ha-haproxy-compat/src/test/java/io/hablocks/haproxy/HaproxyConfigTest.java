package io.hablocks.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyConfigTest {

  private static HaproxyConfig parse(String text) {
    return HaproxyConfig.parse("t.cfg", text, Map.of("PORT", "8080", "EMPTY", ""));
  }

  @Test
  void defaultsApplyToFollowingProxiesAndANewDefaultsSectionResets() {
    HaproxyConfig c = parse("""
        defaults
            mode http
            timeout connect 5s
            timeout client 1m
            balance leastconn
        backend a
            server s1 127.0.0.1:80
        defaults
            timeout server 250
        backend b
            server s1 127.0.0.1:80
        """);
    ProxyConfig a = c.backend("a").orElseThrow();
    assertThat(a.mode()).isEqualTo(Mode.HTTP);
    assertThat(a.timeout("connect")).contains(Duration.ofSeconds(5));
    assertThat(a.timeout("client")).contains(Duration.ofMinutes(1));
    assertThat(a.balance().algorithm()).isEqualTo("leastconn");
    ProxyConfig b = c.backend("b").orElseThrow();
    assertThat(b.mode()).isEqualTo(Mode.TCP);
    assertThat(b.timeout("connect")).isEmpty();
    assertThat(b.timeout("server")).contains(Duration.ofMillis(250));
    assertThat(b.balance().algorithm()).isEqualTo("roundrobin");
  }

  @Test
  void namedDefaultsAndFrom() {
    HaproxyConfig c = parse("""
        defaults base
            mode http
            timeout client 10s
        defaults child from base
            timeout server 20s
        defaults other
            mode tcp
        backend b from child
            server s1 127.0.0.1:80
        backend t
            server s1 127.0.0.1:80
        """);
    ProxyConfig b = c.backend("b").orElseThrow();
    assertThat(b.mode()).isEqualTo(Mode.HTTP);
    assertThat(b.timeout("client")).contains(Duration.ofSeconds(10));
    assertThat(b.timeout("server")).contains(Duration.ofSeconds(20));
    assertThat(c.backend("t").orElseThrow().mode()).isEqualTo(Mode.TCP);
  }

  @Test
  void unknownFromNamesTheLine() {
    assertThatThrownBy(() -> parse("backend b from nope\n  server s 1.2.3.4:1\n"))
        .isInstanceOf(HaproxyConfigException.class)
        .hasMessageContaining("[t.cfg:1]").hasMessageContaining("'nope' not found");
  }

  @Test
  void repeatedGlobalSectionsMerge() {
    HaproxyConfig c = parse("""
        global
            maxconn 100
        global
            nbthread 2
            stats socket /tmp/x.sock level admin
        """);
    assertThat(c.global().maxconn()).isEqualTo(100);
    assertThat(c.global().nbthread()).isEqualTo(2);
    assertThat(c.global().statsSockets()).singleElement()
        .satisfies(s -> assertThat(s.level()).isEqualTo("admin"));
  }

  @Test
  void duplicateBackendIsRefusedButFrontendAndBackendMayShareAName() {
    assertThatThrownBy(() -> parse("backend x\nbackend x\n"))
        .isInstanceOf(HaproxyConfigException.class)
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("declared at t.cfg:1");
    assertThatThrownBy(() -> parse("listen x\n bind :1\nbackend x\n"))
        .hasMessageContaining("[t.cfg:3]");
    HaproxyConfig c = parse("frontend x\n bind :1\n default_backend x\nbackend x\n");
    assertThat(c.proxies()).hasSize(2);
  }

  @Test
  void quotingEscapesAndEnvironment() {
    HaproxyConfig c = parse("""
        frontend f
            mode http
            bind 127.0.0.1:${PORT}
            bind 127.0.0.1:${NOPE-9090}
            http-request set-header X-A "a b ${PORT}"  # comment
            http-request set-header X-B 'c ${PORT}'
            http-request set-header X-C d\\ e\\#f
            default_backend b
        backend b
        """);
    ProxyConfig f = c.proxy("f").orElseThrow();
    assertThat(f.binds()).extracting(ProxyConfig.Bind::port).containsExactly(8080, 9090);
    assertThat(f.httpRequestRules()).extracting(r -> r.arguments().get(1))
        .containsExactly("a b 8080", "c ${PORT}", "d e#f");
  }

  @Test
  void unmatchedQuoteIsAnError() {
    assertThatThrownBy(() -> parse("global\n  log \"abc\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("unmatched quote");
  }

  @Test
  void conditionalBlocks() {
    HaproxyConfig c = parse("""
        .if defined(PORT)
        backend yes
        .elif 1
        backend no1
        .else
        backend no2
        .endif
        .if !defined(NOPE) && streq(${PORT},8080)
        backend yes2
        .endif
        .if version_atleast(2.7)
        backend no3
        .elif version_atleast(2.6) || 0
        backend yes3
        .endif
        .if 0
          .if 1
          backend no4
          .endif
        .endif
        """);
    assertThat(c.proxies()).extracting(ProxyConfig::name).containsExactly("yes", "yes2", "yes3");
  }

  @Test
  void conditionErrorsNameTheLine() {
    assertThatThrownBy(() -> parse("\n.if 1\nbackend x\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining(".endif");
    assertThatThrownBy(() -> parse(".endif\n")).hasMessageContaining("[t.cfg:1]")
        .hasMessageContaining("no matching '.if'");
    assertThatThrownBy(() -> parse(".if 1\n.else\n.else\n.endif\n"))
        .hasMessageContaining("[t.cfg:3]");
    assertThatThrownBy(() -> parse(".if bogus(1)\n.endif\n")).hasMessageContaining("[t.cfg:1]");
    assertThatThrownBy(() -> parse(".if 1\n.alert stop here\n.endif\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("stop here");
  }

  @Test
  void timeUnits() {
    HaproxyConfig c = parse("""
        defaults
          timeout connect 100us
          timeout client 3
          timeout server 2m
          timeout queue 1h
          timeout tunnel 1d
          timeout check 7s
        backend b
        """);
    ProxyConfig b = c.backend("b").orElseThrow();
    assertThat(b.timeout("connect")).contains(Duration.ofNanos(100_000));
    assertThat(b.timeout("client")).contains(Duration.ofMillis(3));
    assertThat(b.timeout("server")).contains(Duration.ofMinutes(2));
    assertThat(b.timeout("queue")).contains(Duration.ofHours(1));
    assertThat(b.timeout("tunnel")).contains(Duration.ofDays(1));
    assertThat(b.timeout("check")).contains(Duration.ofSeconds(7));
    assertThatThrownBy(() -> parse("defaults\n timeout client 5x\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("'timeout client'");
    assertThatThrownBy(() -> parse("defaults\n timeout client 30d\n"))
        .hasMessageContaining("timer overflow");
  }

  @Test
  void serversDefaultServerAndIds() {
    HaproxyConfig c = parse("""
        backend b
          default-server inter 3s rise 5 fall 2
          server s1 10.0.0.1:80 check weight 3
          server s2 10.0.0.2:81 id 1 backup maxconn 7 fastinter 500
          server s3 10.0.0.3 send-proxy-v2 slowstart 10s
        """);
    List<ServerConfig> s = c.backend("b").orElseThrow().servers();
    assertThat(s.get(0).id()).isEqualTo(2);
    assertThat(s.get(1).id()).isEqualTo(1);
    assertThat(s.get(2).id()).isEqualTo(3);
    assertThat(s.get(0).weight()).isEqualTo(3);
    assertThat(s.get(0).check()).isTrue();
    assertThat(s.get(0).inter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.get(0).rise()).isEqualTo(5);
    assertThat(s.get(0).fall()).isEqualTo(2);
    assertThat(s.get(1).backup()).isTrue();
    assertThat(s.get(1).maxconn()).isEqualTo(7);
    assertThat(s.get(1).fastInter()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.get(1).downInter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.get(2).port()).isZero();
    assertThat(s.get(2).sendProxy()).isEqualTo(2);
    assertThat(s.get(2).slowstart()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> parse("backend b\n server s 1.1.1.1:1 weight 300\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("'server s'");
    assertThatThrownBy(() -> parse("backend b\n server s 1.1.1.1:1\n server s 1.1.1.1:2\n"))
        .hasMessageContaining("[t.cfg:3]").hasMessageContaining("already used at line 2");
  }

  @Test
  void balanceAndHashType() {
    HaproxyConfig c = parse("""
        backend u
          balance uri whole len 12 depth 2
          hash-type consistent djb2 avalanche
        backend h
          hash-type consistent
          balance hdr(Host) use_domain_only
        backend r
          balance random(3)
        """);
    BalanceConfig u = c.backend("u").orElseThrow().balance();
    assertThat(u.algorithm()).isEqualTo("uri");
    assertThat(u.arguments()).containsExactly("whole", "len", "12", "depth", "2");
    assertThat(u.consistent()).isTrue();
    assertThat(u.hashFunction()).isEqualTo("djb2");
    assertThat(u.avalanche()).isTrue();
    BalanceConfig h = c.backend("h").orElseThrow().balance();
    assertThat(h.algorithm()).isEqualTo("hdr");
    assertThat(h.arguments()).containsExactly("Host", "use_domain_only");
    assertThat(h.consistent()).isTrue();
    assertThat(c.backend("r").orElseThrow().balance().consistent()).isTrue();
    assertThatThrownBy(() -> parse("backend b\n balance bogus\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("'balance'");
  }

  @Test
  void unknownKeywordIsAnErrorAndUnsupportedIsReported() {
    assertThatThrownBy(() -> parse("backend b\n frobnicate 1\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("'frobnicate'");
    HaproxyConfig c = parse("global\n  chroot /var/lib/haproxy\nbackend b\n  cookie SRV insert\n"
        + "  server s 1.1.1.1:80 cookie a\n");
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("t.cfg:2").contains("chroot")
        .contains("not supported"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("t.cfg:4").contains("cookie"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("t.cfg:5")
        .contains("server cookie"));
  }

  @Test
  void keywordsInTheWrongSection() {
    assertThatThrownBy(() -> parse("backend b\n bind :80\n"))
        .hasMessageContaining("[t.cfg:2]").hasMessageContaining("'bind'");
    assertThatThrownBy(() -> parse("frontend f\n bind :80\n server s 1.1.1.1:1\n"))
        .hasMessageContaining("[t.cfg:3]").hasMessageContaining("'server'");
    assertThatThrownBy(() -> parse("defaults\n server s 1.1.1.1:1\n"))
        .hasMessageContaining("[t.cfg:2]");
    assertThatThrownBy(() -> parse("  maxconn 3\n")).hasMessageContaining("out of section");
  }

  @Test
  void aclsAndRulesAreCheckedForUnknownAclsAndBackends() {
    HaproxyConfig c = parse("""
        frontend f
          mode http
          bind 127.0.0.1:80
          acl api path_beg /api
          acl h hdr(host) -i example.com
          use_backend b if api h || { path /x }
          http-request deny if !api METH_POST
          default_backend b
        backend b
        """);
    ProxyConfig f = c.proxy("f").orElseThrow();
    assertThat(f.acls()).hasSize(2);
    assertThat(f.useBackends().get(0).condition()).containsExactly("api", "h", "||", "{", "path",
        "/x", "}");
    assertThatThrownBy(() -> parse("frontend f\n bind :1\n use_backend b if nope\nbackend b\n"))
        .hasMessageContaining("[t.cfg:3]").hasMessageContaining("no such ACL");
    assertThatThrownBy(() -> parse("frontend f\n bind :1\n default_backend zz\n"))
        .hasMessageContaining("zz");
  }

  @Test
  void bindForms() {
    HaproxyConfig c = parse("""
        frontend f
          bind 127.0.0.1:1,127.0.0.1:2 accept-proxy
          bind fd@3
          bind unix@/tmp/s.sock
          bind :4
          bind [::1]:5
        """);
    List<ProxyConfig.Bind> b = c.proxy("f").orElseThrow().binds();
    assertThat(b).hasSize(6);
    assertThat(b.get(0).acceptProxy()).isTrue();
    assertThat(b.get(2).fd()).isEqualTo(3);
    assertThat(b.get(3).unixPath()).isEqualTo("/tmp/s.sock");
    assertThat(b.get(4).host()).isEmpty();
    assertThat(b.get(5).host()).isEqualTo("::1");
  }

  @Test
  void optionsAndHttpCheck() {
    HaproxyConfig c = parse("""
        defaults
          option forwardfor header X-Real-IP
          option redispatch
        backend b
          no option redispatch
          option httpchk GET /health HTTP/1.1
          http-check expect status 200
        """);
    ProxyConfig b = c.backend("b").orElseThrow();
    assertThat(b.option("forwardfor")).isTrue();
    assertThat(b.forwardforHeader()).isEqualTo("X-Real-IP");
    assertThat(b.option("redispatch")).isFalse();
    assertThat(b.httpCheck().http()).isTrue();
    assertThat(b.httpCheck().method()).isEqualTo("GET");
    assertThat(b.httpCheck().uri()).isEqualTo("/health");
    assertThat(b.httpCheck().expect()).isEqualTo("status");
    assertThat(b.httpCheck().expectValue()).isEqualTo("200");
    assertThatThrownBy(() -> parse("backend b\n option bogus\n"))
        .hasMessageContaining("unknown option 'bogus'");
  }
}
