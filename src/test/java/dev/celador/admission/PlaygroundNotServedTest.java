package dev.celador.admission;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The webhook serves nothing of the playground: its page and endpoints exist only under `celador playground`. */
@QuarkusTest
class PlaygroundNotServedTest {

    @Test
    void webhookAnswersNotFoundForThePlaygroundPageAndEndpoints() {
        for (String path : new String[] {"/", "/playground.js", "/playground.css", "/api/catalog", "/dev/celador/playground/index.html"}) {
            given().when().get(path).then().statusCode(404);
        }
        given().contentType(ContentType.JSON).body("{}").when().post("/api/evaluate").then().statusCode(404);
    }
}
