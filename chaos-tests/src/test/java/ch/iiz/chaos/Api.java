package ch.iiz.chaos;

import ch.iiz.localstack.DevInstitution;
import ch.iiz.localstack.DevTokens;
import ch.iiz.localstack.ServiceProcesses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The REST APIs as a load balancer in front of two instances would serve them: each call goes to the next instance,
 * and a command the system failed to answer (no connection, a timeout, a 5xx) is sent again to the other instance
 * with the same {@code Idempotency-Key}, for up to a minute. A command counts as acknowledged when a 2xx came back.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ServiceProcesses services;
    private final DevTokens tokens;
    private final AtomicInteger next = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();

    Api(ServiceProcesses services, DevTokens tokens) {
        this.services = services;
        this.tokens = tokens;
    }

    /** A command; null when no instance acknowledged it within a minute. */
    Reply command(DevInstitution who, String service, String path, Map<String, ?> body) {
        String key = UUID.randomUUID().toString();
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(who, service, path, b -> b.header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply get(DevInstitution who, String service, String path) {
        return send(who, service, path, HttpRequest.Builder::GET);
    }

    private Reply send(DevInstitution who, String service, String path,
                       java.util.function.UnaryOperator<HttpRequest.Builder> method) {
        List<ServiceProcesses.Instance> instances = services.instancesOf(service);
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        for (int attempt = 0; ; attempt++) {
            ServiceProcesses.Instance instance = instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
            try {
                HttpRequest request = method.apply(HttpRequest.newBuilder(URI.create(services.url(instance) + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + tokens.mint(who, Duration.ofMinutes(30)))).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    JsonNode node = response.body() == null || response.body().isBlank() ? null
                            : JSON.readTree(response.body());
                    return new Reply(response.statusCode(), node, response);
                }
            } catch (IOException e) {
                // the instance is down or did not answer in time: the other one gets the same request
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            retries.incrementAndGet();
            sleep(attempt < 2 ? 100 : 1000);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
