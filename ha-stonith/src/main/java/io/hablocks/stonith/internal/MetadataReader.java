package io.hablocks.stonith.internal;

import io.hablocks.stonith.FenceAgentMetadata;
import io.hablocks.stonith.FenceParameter;
import io.hablocks.stonith.StonithException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Reads fence-agent meta-data with a hardened SAX parser, naming line and element path on error. */
public final class MetadataReader {

  private MetadataReader() {}

  /**
   * Reads a document.
   *
   * @param xml the bytes
   * @param source named in errors
   * @return the model
   */
  public static FenceAgentMetadata read(byte[] xml, String source) {
    if (xml.length > FenceAgentMetadata.MAX_BYTES) {
      throw new StonithException(source + ": meta-data is " + xml.length
          + " bytes, more than the limit of " + FenceAgentMetadata.MAX_BYTES);
    }
    if (xml.length == 0 || new String(xml, 0, Math.min(xml.length, 4096),
        java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      throw new StonithException(source + ": no meta-data (empty output)");
    }
    Handler h = new Handler(source);
    try {
      SAXParser parser = factory().newSAXParser();
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      parser.parse(new InputSource(new ByteArrayInputStream(xml)), h);
    } catch (SAXParseException e) {
      throw new StonithException(source + ":" + e.getLineNumber() + ": " + h.path() + ": "
          + e.getMessage(), e);
    } catch (SAXException | ParserConfigurationException | IOException e) {
      throw new StonithException(source + ": " + h.path() + ": " + e.getMessage(), e);
    }
    return h.result();
  }

  private static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
    SAXParserFactory f = SAXParserFactory.newInstance();
    f.setNamespaceAware(false);
    f.setValidating(false);
    f.setXIncludeAware(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f;
  }

  private static final class Handler extends DefaultHandler {
    private final String source;
    private final Deque<String> path = new ArrayDeque<>();
    private Locator locator;
    private final StringBuilder text = new StringBuilder();
    private String name;
    private String shortdesc = "";
    private String longdesc = "";
    private String vendorUrl = "";
    private final List<FenceParameter> parameters = new ArrayList<>();
    private final List<FenceAgentMetadata.Action> actions = new ArrayList<>();
    private final List<String> symlinks = new ArrayList<>();
    // the parameter being read
    private String pName;
    private boolean pRequired;
    private boolean pUnique;
    private boolean pDeprecated;
    private String pObsoletes;
    private String pGetopt;
    private String pType;
    private String pDefault;
    private List<String> pOptions;
    private String pShortdesc;
    private boolean pShortdescEn;
    private int elements;

    Handler(String source) {
      this.source = source;
    }

    String path() {
      StringBuilder sb = new StringBuilder();
      for (var it = path.descendingIterator(); it.hasNext();) {
        sb.append('/').append(it.next());
      }
      return sb.length() == 0 ? "/" : sb.toString();
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    private StonithException bad(String why) {
      int line = locator == null ? 0 : locator.getLineNumber();
      return new StonithException(source + ":" + line + ": " + path() + ": " + why);
    }

    private boolean flag(Attributes a, String attr) {
      String v = a.getValue(attr);
      if (v == null || v.isEmpty()) {
        return false;
      }
      switch (v) {
        case "1": case "true": case "yes":
          return true;
        case "0": case "false": case "no":
          return false;
        default:
          throw bad("attribute " + attr + "='" + v + "' is not 0 or 1");
      }
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes a)
        throws SAXException {
      if (++elements > 100_000) {
        throw bad("more than 100000 elements");
      }
      String parent = path.peek();
      path.push(qName);
      text.setLength(0);
      if (parent == null) {
        if (!qName.equals("resource-agent")) {
          throw bad("root element must be <resource-agent>, not <" + qName + ">");
        }
        name = a.getValue("name");
        if (name == null || name.isBlank()) {
          throw bad("<resource-agent> has no name attribute");
        }
        shortdesc = nz(a.getValue("shortdesc"));
        return;
      }
      switch (qName) {
        case "parameter":
          if (!"parameters".equals(parent)) {
            return;
          }
          pName = a.getValue("name");
          if (pName == null || pName.isBlank()) {
            throw bad("<parameter> has no name attribute");
          }
          pRequired = flag(a, "required");
          pUnique = flag(a, "unique");
          pDeprecated = flag(a, "deprecated");
          pObsoletes = nz(a.getValue("obsoletes"));
          pGetopt = "";
          pType = "string";
          pDefault = "";
          pOptions = new ArrayList<>();
          pShortdesc = "";
          pShortdescEn = false;
          break;
        case "getopt":
          if (pName != null) {
            pGetopt = nz(a.getValue("mixed"));
          }
          break;
        case "content":
          if (pName != null) {
            String t = a.getValue("type");
            if (t == null || t.isBlank()) {
              throw bad("<content> of parameter '" + pName + "' has no type");
            }
            pType = t;
            pDefault = nz(a.getValue("default"));
          }
          break;
        case "option":
          if (pName != null) {
            String v = a.getValue("value");
            if (v == null) {
              throw bad("<option> of parameter '" + pName + "' has no value");
            }
            pOptions.add(v);
          }
          break;
        case "action":
          if ("actions".equals(parent)) {
            String an = a.getValue("name");
            if (an == null || an.isBlank()) {
              throw bad("<action> has no name attribute");
            }
            actions.add(new FenceAgentMetadata.Action(an, flag(a, "automatic"),
                flag(a, "on_target")));
          }
          break;
        case "symlink":
          String sn = a.getValue("name");
          if (sn != null && !sn.isBlank()) {
            symlinks.add(sn);
          }
          break;
        default:
          break;
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (text.length() + length > FenceAgentMetadata.MAX_BYTES) {
        throw bad("text too long");
      }
      text.append(ch, start, length);
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      String parent = path.size() > 1 ? path.toArray(new String[0])[1] : null;
      switch (qName) {
        case "longdesc":
          if ("resource-agent".equals(parent)) {
            longdesc = text.toString().strip();
          }
          break;
        case "vendor-url":
          vendorUrl = text.toString().strip();
          break;
        case "shortdesc":
          if ("parameter".equals(parent) && pName != null && !pShortdescEn) {
            pShortdesc = text.toString().strip();
            // prefer the English text when several languages are given
            pShortdescEn = true;
          }
          break;
        case "parameter":
          if (pName != null) {
            parameters.add(new FenceParameter(pName, pRequired, pUnique, pDeprecated, pObsoletes,
                pGetopt, pType, pDefault, pOptions, pShortdesc));
            pName = null;
          }
          break;
        default:
          break;
      }
      path.pop();
      text.setLength(0);
    }

    FenceAgentMetadata result() {
      if (name == null) {
        throw new StonithException(source + ": no <resource-agent> element");
      }
      return new FenceAgentMetadata(name, shortdesc, longdesc, vendorUrl, parameters, actions,
          symlinks);
    }

    private static String nz(String s) {
      return s == null ? "" : s;
    }
  }
}
