package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Digests checked against values {@code crm_resource --digests} (Pacemaker 2.1.5) printed for the
 * same parameters (see the peer test for the live comparison).
 */
class OperationDigestTest {

  @Test
  void emptySet() {
    assertThat(OperationDigest.of(Map.of())).isEqualTo("f2317cad3d54cec5d7d7aa7d0bf35cf8");
  }

  @Test
  void oneShotIgnoresMetaAndSorts() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("state", "/tmp/x");
    p.put("fake", "abc");
    p.put("CRM_meta_timeout", "20000");
    p.put("crm_feature_set", "3.16.1");
    assertThat(OperationDigest.of(p)).isEqualTo("b7fdd4e74f949a88f75022df58e3b4be");
  }

  @Test
  void recurringKeepsTimeout() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("state", "/tmp/x");
    p.put("fake", "abc");
    p.put("z", "1");
    p.put("CRM_meta_interval", "10000");
    p.put("CRM_meta_name", "monitor");
    p.put("CRM_meta_timeout", "20000");
    assertThat(OperationDigest.of(p)).isEqualTo("8f4471a8206337d4b0b5dd33f7321e7d");
  }

  @Test
  void escapesAsPacemaker() {
    Map<String, String> p = Map.of("state", "/tmp/x", "fake", "a&b<c>\"d'e\tf\ng");
    assertThat(OperationDigest.of(p)).isEqualTo("71b3e13b61e7a631cea00bc893d4c111");
    // Pacemaker stops escaping at the first multi-byte character
    assertThat(OperationDigest.of(Map.of("state", "/tmp/x", "fake", "x\u00e9<y\rw")))
        .isEqualTo("ed6d6d9fc05c9459f6ed3909f7931ddd");
  }
}
