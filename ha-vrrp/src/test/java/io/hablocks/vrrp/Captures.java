package io.hablocks.vrrp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the keepalived frames of keepalived-adverts.txt (tcpdump -xx output) by section. */
final class Captures {

  /** One captured frame: the section title, the tcpdump summary line, and the bytes. */
  record Frame(String section, String summary, byte[] bytes) {}

  static List<Frame> all() {
    List<Frame> out = new ArrayList<>();
    try (InputStream in = Captures.class.getResourceAsStream("keepalived-adverts.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String section = "";
      String summary = null;
      ByteArrayOutputStream cur = null;
      for (String line : text.split("\n")) {
        String t = line.strip();
        if (t.startsWith("0x")) {
          String hex = t.substring(t.indexOf(':') + 1).replace(" ", "");
          for (int i = 0; i + 1 < hex.length(); i += 2) {
            cur.write(Integer.parseInt(hex.substring(i, i + 2), 16));
          }
          continue;
        }
        if (cur != null && cur.size() > 0) {
          out.add(new Frame(section, summary, cur.toByteArray()));
          cur = null;
        }
        if (t.startsWith("## ")) {
          section = t.substring(3);
        } else if (!t.startsWith("#") && !t.isEmpty() && Character.isDigit(t.charAt(0))) {
          summary = t;
          cur = new ByteArrayOutputStream();
        } else if (summary != null && !t.startsWith("#")) {
          summary = summary + " " + t;
        }
      }
      if (cur != null && cur.size() > 0) {
        out.add(new Frame(section, summary, cur.toByteArray()));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static Frame find(String sectionPrefix, String summaryContains) {
    return all().stream()
        .filter(f -> f.section().startsWith(sectionPrefix) && f.summary().contains(summaryContains))
        .findFirst().orElseThrow(() -> new IllegalStateException("no frame " + sectionPrefix
            + " / " + summaryContains));
  }

  private Captures() {}
}
