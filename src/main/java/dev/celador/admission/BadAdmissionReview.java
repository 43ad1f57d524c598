package dev.celador.admission;

/** The body is not an AdmissionReview the engine can answer; becomes a 400 with this message. */
public final class BadAdmissionReview extends RuntimeException {

    public BadAdmissionReview(String message) {
        super(message);
    }
}
