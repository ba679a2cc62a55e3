package io.hablocks.hactl.cib;

import io.hablocks.cib.Cib;
import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibParseException;
import io.hablocks.cib.CibXml;
import io.hablocks.cib.Patchset;
import io.hablocks.hactl.HactlException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hactl cib}: work with CIB files. */
@Command(name = "cib", mixinStandardHelpOptions = true,
    description = "Check, format, diff and patch Pacemaker CIB files.",
    subcommands = {CibCommand.Check.class, CibCommand.Format.class, CibCommand.Diff.class,
        CibCommand.Patch.class})
public final class CibCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Cib readCib(Path file) {
    try {
      return CibXml.read(file);
    } catch (CibParseException e) {
      throw new HactlException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
          : file + ": " + e.getMessage());
    }
  }

  static CibElement readElement(Path file) {
    try {
      return CibXml.readElement(file, CibXml.Limits.DEFAULT);
    } catch (CibParseException e) {
      throw new HactlException(e.getMessage().contains(file.toString()) ? e.getMessage()
          : file + ": " + e.getMessage());
    }
  }

  /** {@code hactl cib check FILE}. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Read a CIB (XML and typed model) and report what it holds; on an error, "
          + "print where (line, element path) and why, and exit 1.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CIB file")
    Path file;

    @Override
    public Integer call() {
      Cib cib = readCib(file);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s: OK: version %s, validate-with %s, %d nodes, %d resources (%d at any depth), "
              + "%d constraints, %d node states%n", file, cib.version(), cib.validateWith().orElse("-"),
          cib.configuration().nodes().size(), cib.configuration().resources().size(),
          cib.allResources().size(), cib.configuration().constraints().size(),
          cib.status().nodeStates().size());
      return 0;
    }
  }

  /** {@code hactl cib format FILE}. */
  @Command(name = "format", mixinStandardHelpOptions = true,
      description = "Print a CIB in canonical form: two-space indentation, one element per "
          + "line, attributes in their order, comments kept.")
  static final class Format implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CIB file")
    Path file;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(CibXml.write(readCib(file)));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code hactl cib diff OLD NEW}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Print the v2 patchset from OLD to NEW, as crm_diff -o OLD -n NEW does; "
          + "exit 1 when they differ and 0 (printing nothing) when they are equal, as crm_diff.")
  static final class Diff implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the original file")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "the new file")
    Path newFile;

    @Override
    public Integer call() {
      CibElement a = readElement(oldFile);
      CibElement b = readElement(newFile);
      Patchset p;
      try {
        p = Patchset.between(a, b);
      } catch (CibParseException e) {
        throw new HactlException(e.getMessage());
      }
      if (p.isEmpty()) {
        return 0;
      }
      spec.commandLine().getOut().print(p.toXml());
      spec.commandLine().getOut().flush();
      return 1;
    }
  }

  /** {@code hactl cib patch FILE PATCH}. */
  @Command(name = "patch", mixinStandardHelpOptions = true,
      description = "Apply a v2 patchset to a CIB and print the result, as crm_diff -o FILE -p "
          + "PATCH does.")
  static final class Patch implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CIB file")
    Path file;

    @Parameters(index = "1", paramLabel = "PATCH", description = "the patchset file")
    Path patchFile;

    @CommandLine.Option(names = "--check-version",
        description = "refuse the patch unless FILE is at its source version (as crm_diff --cib)")
    boolean checkVersion;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "OUT",
        description = "write the result to OUT instead of standard output")
    Path output;

    @Override
    public Integer call() throws IOException {
      CibElement doc = readElement(file);
      Patchset p;
      try {
        p = Patchset.of(readElement(patchFile));
      } catch (CibParseException e) {
        throw new HactlException(patchFile + ": " + e.getMessage());
      }
      String xml;
      try {
        xml = checkVersion ? CibXml.write(p.apply(Cib.of(doc))) : CibXml.write(p.applyTo(doc), true);
      } catch (CibParseException e) {
        throw new HactlException("cannot apply " + patchFile + " to " + file + ": " + e.getMessage());
      }
      if (output != null) {
        Files.writeString(output, xml, StandardCharsets.UTF_8);
      } else {
        spec.commandLine().getOut().print(xml);
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
  }
}
