package org.konnect.curl.http;

/**
 * One request the client answers: what was asked, what is sent now (after a 303 the client
 * followed itself), the attempts so far, and whom to answer, once.
 */
final class Call {
    /** Where the one answer goes: a requester actor, or a future. */
    interface Answer {
        void respond(HttpRequest request, HttpResponse response);

        void fail(HttpRequest request, Throwable error);
    }

    final HttpRequest original;
    final HttpClientActor.BodyMode mode;
    private final Answer answer;
    HttpRequest current;
    /** Retries made so far. */
    int retries;
    /** False once the client itself redirected to another origin: no credentials, Authorization or Cookie header. */
    boolean credentialsAllowed = true;
    int redirectsLeft;
    private boolean answered;

    Call(HttpRequest request, HttpClientActor.BodyMode mode, Answer answer, int maxRedirects) {
        this.original = request;
        this.current = request;
        this.mode = mode;
        this.answer = answer;
        this.redirectsLeft = maxRedirects;
    }

    boolean answered() {
        return answered;
    }

    void respond(HttpResponse response) {
        if (answered) return;
        answered = true;
        answer.respond(original, response);
    }

    void fail(Throwable error) {
        if (answered) return;
        answered = true;
        answer.fail(original, error);
    }

    @Override
    public String toString() {
        return original.toString();
    }
}
