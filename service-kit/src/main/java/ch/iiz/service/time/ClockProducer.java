package ch.iiz.service.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.ZoneId;

/** The one source of "now"; business dates are Swiss dates. Tests replace it with a clock they control. */
public class ClockProducer {

    public static final ZoneId BUSINESS_ZONE = ZoneId.of("Europe/Zurich");

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.system(BUSINESS_ZONE);
    }
}
