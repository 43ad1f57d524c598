package dev.celador.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * `bin/celador playground` of the packaged app, driven in a real headless Chromium as a person uses
 * it: pick a shipped policy, paste a manifest, read the verdict, fix the cluster state, break the CEL,
 * try a mutating policy, reload a shared link. Needs Debian's chromium and chromium-driver
 * (bin/install-browser, which bin/test runs first); skipped, saying so, where they are missing.
 */
class PlaygroundBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("celador.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("celador.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static Process playground;
    private static String baseUrl;
    private static ChromeDriver browser;

    @BeforeAll
    static void startPlaygroundAndBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: no " + CHROMIUM + " or " + CHROMEDRIVER + " (bin/install-browser installs them)");
        playground = new ProcessBuilder("bin/celador", "playground", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(playground.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher url = Pattern.compile("(http://localhost:\\d+/)").matcher(String.valueOf(first));
        assertThat(url.find()).as("playground's first line: %s", first).isTrue();
        baseUrl = url.group(1);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1100",
                "--disable-gpu", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(PATIENCE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (playground != null) {
            playground.destroy();
            if (!playground.waitFor(10, TimeUnit.SECONDS)) {
                playground.destroyForcibly();
            }
        }
    }

    @BeforeEach
    void freshPage() {
        browser.get("about:blank");
        browser.get(baseUrl);
        waitFor(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    @Test
    void kafkaWithoutHeadlessServiceFails_thenPassesOnceTheServiceIsInTheClusterState() throws Exception {
        pickPolicy("statefulset-headless-service");
        assertThat(editorText("validating")).contains("name: statefulset-headless-service");

        paste("resources", fixture("kafka-statefulset.yaml"));

        WebElement row = waitForResult("statefulset-headless-service", "fail");
        assertThat(row.getText()).contains("names spec.serviceName kafka-headless but no Service kafka-headless exists in namespace streaming");
        assertThat(browser.findElement(By.cssSelector("article.resource .verdict")).getText()).isEqualTo("denied");
        screenshot("playground-fail.png");

        paste("clusterState", fixture("kafka-headless-service.yaml"));

        waitForResult("statefulset-headless-service", "pass");
        assertThat(browser.findElement(By.cssSelector("article.resource .verdict")).getText()).isEqualTo("allowed");
        browser.findElement(By.cssSelector("#expressions-panel summary")).click();
        WebElement firstValidation = browser.findElement(By.xpath("//table[@id='expressions']//tr[td/a[text()='spec.validations[0].expression']]"));
        assertThat(firstValidation.findElements(By.cssSelector("td.num")).get(1).getText()).isEqualTo("1");
        screenshot("playground-pass.png");
    }

    @Test
    void brokenCelIsUnderlinedAtItsLineAndListedWithItsPlace() throws Exception {
        pickPolicy("statefulset-headless-service");
        paste("resources", fixture("kafka-statefulset.yaml"));
        waitForResult("statefulset-headless-service", "fail");

        String marker = "expression: \"variables.serviceName != ''\"";
        String policy = editorText("validating");
        int line = lineOf(policy, marker);
        // Type into the editor as a person would: caret just before the closing quote, then keys.
        browser.findElement(By.id("tab-validating")).click();
        int caret = policy.indexOf(marker) + marker.length() - 1;
        WebElement editor = browser.findElement(By.id("editor-validating"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus(); arguments[0].setSelectionRange(arguments[1], arguments[1]);",
                editor, caret);
        editor.sendKeys(" &&");

        WebElement underline = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#pane-validating .cel-error")));
        assertThat(underline.getAttribute("data-line")).isEqualTo(String.valueOf(line));
        assertThat(underline.getAttribute("title")).startsWith("compile error:");
        assertThat(browser.findElement(By.cssSelector("#pane-validating .gutter .has-error")).getText()).isEqualTo(String.valueOf(line));
        assertThat(browser.findElement(By.cssSelector("#editor-problems .problem")).getText())
                .startsWith("Validating:" + line + ":").contains("spec.validations[0].expression").contains("compile error");
        assertThat(browser.findElement(By.cssSelector("#tab-validating .badge")).getText()).isEqualTo("1");
        screenshot("playground-compile-error.png");
    }

    @Test
    void mutatingPolicyShowsTheSideBySideDiffAndItsJsonPatch() throws Exception {
        pickPolicy("statefulset-readiness-probe-default");
        assertThat(editorText("mutating")).contains("kind: MutatingPolicy");
        assertThat(editorText("params")).contains("celador-readiness-probe-defaults");

        paste("resources", fixture("kafka-statefulset.yaml"));

        WebElement added = waitFor(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//table[contains(@class,'diff')]//td[contains(@class,'added') and contains(., 'readinessProbe')]")));
        assertThat(added.getText()).contains("readinessProbe");
        assertThat(browser.findElement(By.cssSelector("pre.patch")).getText()).contains("/spec/template/spec/containers/0/readinessProbe");
        assertThat(browser.findElement(By.cssSelector("ul.mutations li[data-policy='statefulset-readiness-probe-default']")).getText())
                .startsWith("APPLIED");
        ((JavascriptExecutor) browser).executeScript("document.querySelector('table.diff').scrollIntoView()");
        screenshot("playground-mutation.png");
    }

    @Test
    void sharedLinkReloadsTheSameState() throws Exception {
        pickPolicy("statefulset-headless-service");
        paste("resources", fixture("kafka-statefulset.yaml"));
        paste("clusterState", fixture("kafka-headless-service.yaml"));
        new Select(browser.findElement(By.id("operation"))).selectByValue("UPDATE");
        waitForResult("statefulset-headless-service", "pass");
        String validating = editorText("validating");
        String resources = editorText("resources");
        String clusterState = editorText("clusterState");
        // The fragment is written once the typing settles: wait until it holds the last edit.
        waitFor(d -> clusterState.equals(stateInFragment().path("editors").path("clusterState").asText(null))
                && stateInFragment().path("operation").asText().equals("UPDATE"));
        String link = browser.getCurrentUrl();

        browser.get("about:blank");
        browser.get(link);
        waitFor(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

        assertThat(editorText("validating")).isEqualTo(validating);
        assertThat(editorText("resources")).isEqualTo(resources);
        assertThat(editorText("clusterState")).isEqualTo(clusterState);
        assertThat(new Select(browser.findElement(By.id("operation"))).getFirstSelectedOption().getText()).isEqualTo("UPDATE");
        waitForResult("statefulset-headless-service", "pass");
    }

    @Test
    void exportShowsTheNativePolicyAndNamesWhatCannotBeExported() throws Exception {
        pickPolicy("statefulset-pvc-retention");
        browser.findElement(By.id("export")).click();

        WebElement yaml = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("export-yaml")));
        waitFor(d -> yaml.getText().contains("kind: ValidatingAdmissionPolicyBinding"));
        assertThat(yaml.getText()).contains("kind: ValidatingAdmissionPolicy").contains("name: statefulset-pvc-retention");

        pickPolicy("statefulset-headless-service");
        browser.findElement(By.id("export")).click();
        waitFor(d -> d.findElement(By.id("export-messages")).getText().contains("not exported: uses resource.Get"));
    }

    // ---- what a person does on the page ----

    private static void pickPolicy(String name) {
        new Select(browser.findElement(By.id("pick-policy"))).selectByValue(name);
    }

    /** Pastes into an editor as the clipboard would: the editor's whole text replaced in one input. */
    private static void paste(String editor, String text) {
        browser.findElement(By.id("tab-" + editor)).click();
        WebElement area = browser.findElement(By.id("editor-" + editor));
        area.click();
        area.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        ((JavascriptExecutor) browser).executeScript("document.execCommand('insertText', false, arguments[0])", text);
        assertThat(editorText(editor)).isEqualTo(text);
    }

    /** The state the address bar holds, decoded as a reader of the link would: base64url, then deflate-raw, then JSON. */
    private static com.fasterxml.jackson.databind.JsonNode stateInFragment() {
        String json = (String) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const m = location.hash.match(/^#s=([A-Za-z0-9_-]+)$/);
                if (!m) { done('{}'); return; }
                const bytes = Uint8Array.from(atob(m[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
                new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text().then(done);
                """);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("the fragment holds no JSON: " + json, e);
        }
    }

    private static String editorText(String editor) {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.getElementById(arguments[0]).value", "editor-" + editor);
    }

    private static WebElement waitForResult(String policy, String result) {
        By row = By.cssSelector("tr.policy-result[data-policy='" + policy + "']");
        waitFor(d -> {
            var rows = d.findElements(row);
            return !rows.isEmpty() && rows.get(0).findElement(By.cssSelector("span.result")).getText().equalsIgnoreCase(result);
        });
        return browser.findElement(row);
    }

    private static <T> T waitFor(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        // The results are drawn anew on every answer: an element found a moment ago may be gone.
        return new WebDriverWait(browser, PATIENCE).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    private static String fixture(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/playground", name), StandardCharsets.UTF_8);
    }

    private static void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int lineOf(String text, String part) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + part);
    }
}
