package dev.celador.admission;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The benchmark's null endpoint is off unless asked for (bench/run.sh turns it on; BenchSuiteIT uses it). */
@QuarkusTest
class NullEndpointTest {

    @Test
    void nullEndpointAnswersNotFound_byDefault() {
        given().contentType(ContentType.JSON).body(Reviews.named("sts-create-without-vct"))
                .when().post("/bench/null")
                .then().statusCode(404);
    }
}
