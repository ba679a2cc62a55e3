package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PatchsetTest {

  private static CibElement x(String xml) {
    return CibXml.readElement(xml);
  }

  private static void roundTrip(CibElement a, CibElement b) {
    Patchset p = Patchset.between(a, b);
    CibElement applied = p.applyTo(a);
    if (!applied.equalsInOrder(b)) {
      String d;
      try {
        d = XmlOracle.difference(XmlOracle.parse(applied.toString()), XmlOracle.parse(b.toString()));
      } catch (Exception e) {
        d = e.toString();
      }
      throw new AssertionError("difference " + d + "\nvia\n" + p.toXml());
    }
    // and through text, as another process would read it
    assertThat(Patchset.parse(p.toXml()).applyTo(a).equalsInOrder(b)).isTrue();
  }

  @Test
  void modifyCreateDeleteMoveAndVersionBlock() {
    CibElement a = x("<cib epoch=\"1\" num_updates=\"2\" admin_epoch=\"0\"><configuration><resources>"
        + "<primitive id=\"A\" type=\"Dummy\"/><primitive id=\"B\"/><primitive id=\"C\"/>"
        + "</resources></configuration></cib>");
    CibElement b = x("<cib epoch=\"2\" num_updates=\"0\" admin_epoch=\"0\"><configuration><resources>"
        + "<primitive id=\"C\"/><primitive id=\"A\" type=\"Stateful\" new=\"1\"/><primitive id=\"D\"><op id=\"o\"/></primitive>"
        + "</resources></configuration></cib>");
    Patchset p = Patchset.between(a, b);
    assertThat(p.sourceVersion()).contains(new CibVersion(0, 1, 2));
    assertThat(p.targetVersion()).contains(new CibVersion(0, 2, 0));
    assertThat(p.changes()).extracting(Patchset.Change::operation)
        .contains(Patchset.Operation.MODIFY, Patchset.Operation.DELETE, Patchset.Operation.CREATE,
            Patchset.Operation.MOVE);
    Patchset.Change del = p.changes().stream()
        .filter(c -> c.operation() == Patchset.Operation.DELETE).findFirst().orElseThrow();
    assertThat(del.path()).isEqualTo("/cib/configuration/resources/primitive[@id='B']");
    Patchset.Change mod = p.changes().stream()
        .filter(c -> c.path().endsWith("[@id='A']") && c.operation() == Patchset.Operation.MODIFY)
        .findFirst().orElseThrow();
    assertThat(mod.result().orElseThrow().attribute("type")).contains("Stateful");
    assertThat(mod.element().firstElement("change-list").orElseThrow().elements()).isNotEmpty();
    roundTrip(a, b);
    assertThat(Patchset.between(a, a).isEmpty()).isTrue();
  }

  @Test
  void commentsAndIdlessDuplicates() {
    CibElement a = x("<cib><configuration><!--one--><crm_config/><!--two--><x/><x a=\"1\"/></configuration></cib>");
    CibElement b = x("<cib><configuration><!--two--><crm_config/><!--one--><!--three--><x/><x a=\"2\"/></configuration></cib>");
    roundTrip(a, b);
    roundTrip(b, a);
  }

  @Test
  void versionsAreChecked() {
    Cib a = CibXml.read("<cib admin_epoch=\"0\" epoch=\"5\" num_updates=\"1\"><configuration/><status/></cib>");
    Cib b = a.withVersion(a.version().nextEpoch()).withRoot(a.withVersion(a.version().nextEpoch())
        .root().withAttribute("have-quorum", "1"));
    Patchset p = Patchset.between(a, b);
    assertThat(p.apply(a)).isEqualTo(b);
    Cib other = a.withVersion(a.version().nextUpdate());
    assertThatThrownBy(() -> p.apply(other)).isInstanceOfSatisfying(CibVersionMismatchException.class,
        e -> {
          assertThat(e.needsResync()).isFalse();
          assertThat(e.getMessage()).contains("0.5.1").contains("0.5.2");
        });
    Cib older = a.withVersion(new CibVersion(0, 4, 0));
    assertThatThrownBy(() -> p.apply(older)).isInstanceOfSatisfying(CibVersionMismatchException.class,
        e -> assertThat(e.needsResync()).isTrue());
    Patchset noBump = Patchset.between(a, a.withRoot(a.root().withAttribute("have-quorum", "1")));
    assertThatThrownBy(() -> noBump.apply(a)).isInstanceOf(CibVersionMismatchException.class)
        .hasMessageContaining("does not raise");
  }

  @Test
  void badPatchesNameTheChange() {
    CibElement a = x("<cib><configuration/></cib>");
    assertThatThrownBy(() -> Patchset.parse("<diff format=\"1\"/>")).hasMessageContaining("format=\"2\"");
    assertThatThrownBy(() -> Patchset.parse("<diff format=\"2\">\n<change operation=\"frob\" path=\"/cib\"/></diff>"))
        .isInstanceOfSatisfying(CibParseException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).contains("unknown operation 'frob'");
        });
    Patchset p = Patchset.parse("<diff format=\"2\"><change operation=\"modify\" path=\"/cib/nothing\">"
        + "<change-result><nothing/></change-result></change></diff>");
    assertThatThrownBy(() -> p.applyTo(a)).hasMessageContaining("no element matches path /cib/nothing");
  }

  @Test
  void randomMutationsOfTheSampleRoundTrip() throws Exception {
    CibElement base = CibXml.read(CibXmlTest.sample()).root();
    CibMutator m = new CibMutator(42);
    for (int i = 0; i < 400; i++) {
      CibElement a = i % 2 == 0 ? base : m.mutate(base, 5);
      CibElement b = m.mutate(a, 8);
      roundTrip(a, b);
    }
  }
}
