package ch.iiz.reporting.console;

import ch.iiz.events.Actor;
import ch.iiz.events.CooperationModel;
import ch.iiz.events.EventEnvelope;
import ch.iiz.events.InstitutionType;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.Program;
import ch.iiz.events.Topics;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.ChargeRecorded;
import ch.iiz.events.cases.CaseLeadChanged;
import ch.iiz.events.cases.CaseOpened;
import ch.iiz.events.cases.ConsentRecorded;
import ch.iiz.events.cases.LeadBasis;
import ch.iiz.events.cases.Participant;
import ch.iiz.events.codec.EventCodec;
import ch.iiz.events.referral.LeadHandoverAccepted;
import ch.iiz.events.referral.LeadHandoverProposed;
import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.localstack.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The console in a real browser (the system's headless Chromium through the system's chromedriver) against the real
 * broker and database: the auditor signs in, finds an OPTIMA case and moves the business-day slider across the
 * handover; operations see a dead letter, re-drive it once its cause is gone and see the lag drop to 0; a projection
 * rebuild shows its progress to the end. Each scenario leaves a screenshot in target/screenshots.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_service"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Order(Integer.MAX_VALUE)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final EventCodec CODEC = new EventCodec();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CASE = "console-optima-1";
    static final String OUTAGE_CASE = "console-outage-1";
    static final String RAV = "RAV-LU-SURSEE";
    static final String IV = "IV-LU-WAS";
    static final String SD = "SD-LU-SURSEE";
    static final Instant T0 = Instant.parse("2026-02-02T08:00:00Z");
    static final LocalDate D0 = LocalDate.of(2026, 2, 2);

    static WebDriver driver;
    static Path profile;

    @TestHTTPResource("/")
    URL base;

    static String token(DevInstitution who) {
        return TestInfrastructure.get().tokens().mint(who, Duration.ofMinutes(30));
    }

    static UUID id(String topic, String caseId, long seq) {
        return UUID.nameUUIDFromBytes(("console" + topic + caseId + seq).getBytes());
    }

    static void send(String topic, String caseId, long seq, Instant at, Actor actor, IntegrationEvent event) {
        String json = CODEC.encode(EventEnvelope.of(id(topic, caseId, seq), caseId, seq, at, actor, null, null, event));
        try (KafkaCompanion companion = new KafkaCompanion(TestInfrastructure.get().bootstrapServers())) {
            companion.produceStrings().fromRecords(new ProducerRecord<>(topic, caseId, json)).awaitCompletion(WAIT);
        }
    }

    static Connection db() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        return DriverManager.getConnection(infra.jdbcUrl("reporting_service"), infra.username(), infra.password());
    }

    static long count(String sql) throws Exception {
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @BeforeAll
    static void startBrowserAndSeed() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the console's browser tests need Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver; .ci/run installs them)").isTrue();
        profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,1100", "--lang=de-CH");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "de-CH,de"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);

        Actor rav = new Actor(RAV, InstitutionType.RAV, "caseworker");
        Actor iv = new Actor(IV, InstitutionType.IV, "caseworker");
        String ct = Topics.CASE_EVENTS;
        String rt = Topics.REFERRAL_EVENTS;
        send(ct, CASE, 0, T0, rav, new CaseOpened("cl-console-7", CooperationModel.LUZERN_OPTIMA, Program.OPTIMA, RAV,
                D0, "LU", false, List.of(), List.of(new Participant(RAV, InstitutionType.RAV, "LU", null),
                new Participant(IV, InstitutionType.IV, "LU", null),
                new Participant(SD, InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"))));
        send(ct, CASE, 1, T0.plusSeconds(60), rav, new ConsentRecorded("k-console-1", D0, List.of(RAV, IV, SD),
                "dms://consent/console-1"));
        send(rt, CASE, 0, T0.plusSeconds(3600), rav, new LeadHandoverProposed("ho-console-1",
                CooperationModel.LUZERN_OPTIMA, RAV, RAV, IV, "health", D0, D0.plusDays(14), D0.plusMonths(6)));
        send(rt, CASE, 1, T0.plusSeconds(3600 * 48), iv, new LeadHandoverAccepted("ho-console-1", IV, D0.plusDays(2),
                D0.plusDays(2), D0.plusMonths(6)));
        send(ct, CASE, 2, T0.plusSeconds(3600 * 49), rav, new CaseLeadChanged(RAV, IV, D0.plusDays(2),
                LeadBasis.OPTIMA_HANDOVER, id(rt, CASE, 1), "ho-console-1", List.of()));
        send(Topics.BILLING_EVENTS, CASE, 0, T0.plusSeconds(3600 * 24 * 5),
                new Actor("billing-service", InstitutionType.OPERATIONS, "system"),
                new ChargeRecorded("ch-console-1", CASE, ChargeKind.OPTIMA_LEAD_MONTH, IV, RAV, D0.plusDays(2),
                        D0.plusDays(2).plusMonths(1).minusDays(1), BigDecimal.ONE, new BigDecimal("300.00"),
                        new BigDecimal("300.00"), YearMonth.of(2026, 2), List.of(id(ct, CASE, 2)), null));
        await().atMost(WAIT).until(() -> count("select count(*) from event_log where case_id = '" + CASE + "'") >= 6
                && count("select count(*) from cost_fact where case_id = '" + CASE + "'") == 1);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    static WebElement byId(String id) {
        return waiting().until(d -> d.findElement(By.id(id)));
    }

    static void waitForText(String id, String text) {
        waiting().until(d -> {
            try {
                return d.findElement(By.id(id)).getText().contains(text);
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
    }

    static void screenshot(String name, int height) throws Exception {
        driver.manage().window().setSize(new Dimension(1400, height));
        Thread.sleep(300);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(1400, 1100));
    }

    void signIn(DevInstitution who) {
        driver.manage().deleteAllCookies();
        driver.get(url("/console"));
        waiting().until(d -> d.getCurrentUrl().contains("/console/sign-in"));
        byId("token").sendKeys(token(who));
        byId("sign-in").click();
        waitForText("who", who.id());
    }

    @Test
    @Order(1)
    void the_auditor_finds_an_optima_case_and_sees_the_lead_change_across_the_handover() throws Exception {
        signIn(DevInstitution.AUDITOR);
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        byId("go-cases").click();
        byId("q").sendKeys("Sursee");
        byId("search").click();
        waiting().until(d -> d.findElement(By.linkText(CASE))).click();

        waitForText("state-lead", IV); // today: the IV office leads
        WebElement slider = byId("day");
        assertThat(slider.getAttribute("max")).isEqualTo("5");
        slider.sendKeys(Keys.HOME); // the day the case was opened
        waitForText("state", "Geschäftstag 2026-02-02");
        assertThat(byId("state-lead").getText()).isEqualTo(RAV);
        assertThat(byId("state-consents").getText()).contains("k-console-1");
        slider.sendKeys(Keys.ARROW_RIGHT); // the handover is proposed, not yet accepted
        waitForText("state", "Geschäftstag 2026-02-03");
        assertThat(byId("state-lead").getText()).isEqualTo(RAV);
        assertThat(byId("state-handovers").getText()).isEqualTo("1");
        slider.sendKeys(Keys.ARROW_RIGHT); // accepted: the lead changed
        waitForText("state", "Geschäftstag 2026-02-04");
        waitForText("state-lead", IV);
        assertThat(byId("state-handovers").getText()).isEqualTo("0");
        assertThat(byId("state-participants").getText()).contains(RAV, IV, SD);

        String timeline = byId("timeline").getText();
        assertThat(driver.findElements(By.cssSelector("#timeline tbody tr"))).hasSize(6);
        assertThat(timeline).contains("CaseOpened", "LeadHandoverProposed", "LeadHandoverAccepted", "CaseLeadChanged",
                "ChargeRecorded", "referral", "billing", "2026-02-04");
        assertThat(byId("charges").getText()).contains("ch-console-1", "OPTIMA_LEAD_MONTH", "300.00",
                "CaseLeadChanged", "iiz.billing.events/");
        assertThat(byId("lead-periods").getText()).contains(RAV + ": 2026-02-02 bis 2026-02-03", IV + ": 2026-02-04");
        screenshot("auditor-case", 1900);

        // the as-known-at picker: the instant just before the lead change was recorded
        WebElement knownAt = byId("knownAt");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "arguments[0].value = '2026-02-04T09:59:00'", knownAt); // 08:59 UTC, before 09:00 UTC
        byId("show-known-at").click();
        waitForText("state", "2026-02-04 09:59:00");
        assertThat(byId("state-lead").getText()).isEqualTo(RAV);

        // the CSV export, with the browser's own HttpOnly cookie
        String cookie = driver.manage().getCookieNamed(ConsoleAuth.COOKIE).getValue();
        assertThat(driver.manage().getCookieNamed(ConsoleAuth.COOKIE).isHttpOnly()).isTrue();
        String csv = given().cookie(ConsoleAuth.COOKIE, cookie).redirects().follow(false)
                .when().get("/console/cases/" + CASE + "/timeline.csv")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(csv.split("\r\n")).hasSize(7);
        assertThat(csv).startsWith("recorded_at_utc,business_date,service,event_type,actor_institution")
                .contains("2026-02-04T09:00:00Z,2026-02-04,case,CaseLeadChanged,RAV-LU-SURSEE");
        assertThat(count("select count(*) from audit_read where case_id = '" + CASE
                + "' and view like 'console-%' and institution = 'AUDIT-IIZ'")).isGreaterThanOrEqualTo(5);

        // English as the second language
        driver.get(url("/console/cases/" + CASE + "?lang=en"));
        waitForText("lead-h", "Case lead over time");
        waitForText("state", "Business day");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        driver.get(url("/console/cases/" + CASE + "?lang=de"));
        waitForText("lead-h", "Fallführung über die Zeit");
    }

    @Test
    @Order(2)
    void the_one_access_rule_guards_every_console_page_and_the_cookie_never_reaches_the_api() {
        String ops = token(DevInstitution.OPS);
        given().cookie(ConsoleAuth.COOKIE, ops).when().get("/console/cases/" + CASE)
                .then().statusCode(403).contentType(containsString("text/html"));
        given().cookie(ConsoleAuth.COOKIE, token(DevInstitution.RAV_SURSEE)).when().get("/console/ops")
                .then().statusCode(403);
        given().cookie(ConsoleAuth.COOKIE, token(DevInstitution.AUDITOR)).header("HX-Request", "true")
                .when().post("/console/ops/rebuild").then().statusCode(403);
        given().cookie(ConsoleAuth.COOKIE, ops).when().post("/console/ops/rebuild")
                .then().statusCode(400); // an action without htmx's header: not from the console page
        given().redirects().follow(false).when().get("/console/ops").then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));
        given().cookie(ConsoleAuth.COOKIE, "not-a-jwt").redirects().follow(false).when().get("/console/ops")
                .then().statusCode(303);
        given().contentType("application/x-www-form-urlencoded").formParam("token", "not-a-jwt")
                .when().post("/console/sign-in").then().statusCode(401).body(containsString("ungültig"));
        // the REST API reads the Authorization header only, the console's cookie changes nothing there
        given().cookie(ConsoleAuth.COOKIE, token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + CASE + "/history")
                .then().statusCode(401);
        given().auth().oauth2(token(DevInstitution.AUDITOR)).when().get("/audit/cases/" + CASE + "/history")
                .then().statusCode(200);
    }

    @Test
    @Order(3)
    void operations_re_drive_a_dead_letter_once_its_cause_is_gone_and_see_lag_0() throws Exception {
        try (Connection c = db()) {
            c.createStatement().execute("""
                    create or replace function console_test_outage() returns trigger language plpgsql as $$
                    begin
                      if new.case_id = 'console-outage-1' then
                        raise exception 'simulated outage: the event log refuses case %', new.case_id;
                      end if;
                      return new;
                    end $$""");
            c.createStatement().execute("create trigger console_test_outage before insert on event_log "
                    + "for each row execute function console_test_outage()");
        }
        Actor sd = new Actor(SD, InstitutionType.SOCIAL_SERVICES, "caseworker");
        send(Topics.CASE_EVENTS, OUTAGE_CASE, 0, Instant.now().minusSeconds(60), sd, new CaseOpened("cl-console-8",
                CooperationModel.LUZERN_OPTIMA, Program.COOPERATION, SD, LocalDate.now(), "LU", false, List.of(),
                List.of(new Participant(SD, InstitutionType.SOCIAL_SERVICES, "LU", "Sursee"))));

        signIn(DevInstitution.OPS);
        byId("go-ops").click();
        By letter = By.xpath("//table[contains(@class,'letters')]//tr[td[normalize-space()='" + OUTAGE_CASE + "']]");
        new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(2)).until(d -> {
            if (!d.findElements(letter).isEmpty()) {
                return true;
            }
            d.findElement(By.id("refresh")).click();
            return false;
        });
        assertThat(driver.findElement(letter).getText()).contains("simulated outage", Topics.CASE_EVENTS);
        assertThat(count("select count(*) from event_log where case_id = '" + OUTAGE_CASE + "'")).isZero();

        try (Connection c = db()) { // the fix
            c.createStatement().execute("drop trigger console_test_outage on event_log");
        }
        WebElement row = driver.findElement(letter);
        String dlqOffset = row.findElement(By.cssSelector("input[name=offset]")).getAttribute("value");
        row.findElement(By.cssSelector("button.redrive")).click();
        waiting().until(d -> d.findElement(letter).getText().contains("Erneut eingespielt"));

        // a repeat (another click, a retry) sends nothing more
        given().auth().oauth2(token(DevInstitution.OPS)).header("HX-Request", "true")
                .contentType("application/x-www-form-urlencoded").formParam("topic", "iiz.dlq.reporting-service")
                .formParam("partition", "0").formParam("offset", dlqOffset)
                .when().post("/console/ops/dead-letters/redrive")
                .then().statusCode(200).body(containsString("Bereits erneut eingespielt"));
        assertThat(count("select count(*) from ops_action where kind = 'REDRIVE' and dlq_offset = " + dlqOffset))
                .isEqualTo(1);

        await().atMost(WAIT).until(() ->
                count("select count(*) from event_log where case_id = '" + OUTAGE_CASE + "'") == 1);
        // lag 0 on a panel sampled after the re-drive (wait for htmx to replace the panel before reading it)
        new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(2)).until(d -> {
            WebElement before = d.findElement(By.id("sampled-at"));
            d.findElement(By.id("refresh")).click();
            new WebDriverWait(d, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(before));
            try {
                return "0".equals(d.findElement(By.id("lag-reporting-service")).getText())
                        && d.findElement(letter).getText().contains("Erneut eingespielt");
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
        assertThat(driver.findElement(By.id("groups")).getText()).doesNotContain("iiz.case.events/");
        assertThat(driver.findElement(By.id("topics")).getText()).contains(Topics.CASE_EVENTS, Topics.BILLING_EVENTS);
        screenshot("operations", 1500);
    }

    @Test
    @Order(4)
    void a_rebuild_shows_its_progress_to_the_end() throws Exception {
        driver.get(url("/console/ops"));
        byId("rebuild-start").click();
        // htmx replaces the progress fragment while it polls: read all three from one fragment, retrying when swapped
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
            try {
                return d.findElement(By.id("rebuild-state")).getText().equals("Fertig")
                        && d.findElement(By.id("rebuild-percent")).getText().equals("100 %")
                        && "100".equals(d.findElement(By.id("rebuild-bar")).getAttribute("value"));
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
        assertThat(count("select count(*) from ops_action where kind = 'REBUILD' and institution = 'OPS-IIZ'"))
                .isPositive();
        // the record the event log refused during the outage (re-driven since, its copy taken in) is left out
        assertThat(driver.findElement(By.id("rebuild-left-out")).getText())
                .isEqualTo("ausgelassen, weil live abgewiesen (Dead Letters): "
                        + count("select count(*) from ingest_refusal"));
        assertThat(count("select count(*) from ingest_refusal")).isPositive();
        driver.findElement(By.id("rb-h")).click();
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.getElementById('rb-h').scrollIntoView()");
        screenshot("rebuild", 1100);
    }
}
