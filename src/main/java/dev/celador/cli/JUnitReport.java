package dev.celador.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** `celador test --junit FILE`: one testsuite per test file, one testcase per case, a failure element per failed case. */
final class JUnitReport {

    /** One case as run: a null failure means it passed. */
    record CaseRun(String name, String failure) {
    }

    /** One test file as run. */
    record SuiteRun(String file, List<CaseRun> cases) {

        SuiteRun {
            cases = List.copyOf(cases);
        }

        long failures() {
            return cases.stream().filter(c -> c.failure() != null).count();
        }
    }

    private JUnitReport() {
    }

    static void write(List<SuiteRun> suites, Path file) throws IOException {
        try {
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = xml.createElement("testsuites");
            root.setAttribute("name", "celador test");
            root.setAttribute("tests", Long.toString(suites.stream().mapToLong(s -> s.cases().size()).sum()));
            root.setAttribute("failures", Long.toString(suites.stream().mapToLong(SuiteRun::failures).sum()));
            xml.appendChild(root);
            for (SuiteRun suite : suites) {
                Element s = xml.createElement("testsuite");
                s.setAttribute("name", suite.file());
                s.setAttribute("tests", Integer.toString(suite.cases().size()));
                s.setAttribute("failures", Long.toString(suite.failures()));
                s.setAttribute("errors", "0");
                s.setAttribute("skipped", "0");
                root.appendChild(s);
                for (CaseRun c : suite.cases()) {
                    Element t = xml.createElement("testcase");
                    t.setAttribute("classname", suite.file());
                    t.setAttribute("name", c.name());
                    if (c.failure() != null) {
                        Element f = xml.createElement("failure");
                        f.setAttribute("message", c.failure());
                        f.setAttribute("type", "mismatch");
                        f.setTextContent(c.failure());
                        t.appendChild(f);
                    }
                    s.appendChild(t);
                }
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                transformer.transform(new DOMSource(xml), new StreamResult(out));
            }
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }
}
