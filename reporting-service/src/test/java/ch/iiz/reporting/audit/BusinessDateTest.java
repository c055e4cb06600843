package ch.iiz.reporting.audit;

import ch.iiz.events.EventCatalog;
import ch.iiz.events.IntegrationEvent;
import ch.iiz.events.registry.InstitutionRegistered;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type of the catalogue has a business date, and it is one of the event's own dates: a new event type
 * fails here until {@link BusinessDate} names its date (Java 17 cannot check a sealed type switch at compile time).
 */
class BusinessDateTest {

    @Test
    void every_event_type_of_every_topic_has_its_own_business_date() throws Exception {
        List<String> missing = new ArrayList<>();
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            List<LocalDate> ownDates = new ArrayList<>();
            IntegrationEvent event = (IntegrationEvent) instance(entry.type(), ownDates);
            LocalDate date;
            try {
                date = BusinessDate.of(event);
            } catch (IllegalStateException e) {
                missing.add(entry.name());
                continue;
            }
            if (entry.type() == InstitutionRegistered.class) {
                assertThat(date).as("a registry entry states no day").isNull();
            } else {
                assertThat(ownDates).as(entry.name() + ": the business date is one of its own dates").contains(date);
            }
        }
        assertThat(missing).as("event types without a business date").isEmpty();
    }

    @Test
    void the_known_dates_are_the_ones_that_say_when_it_happened() {
        LocalDate d = LocalDate.of(2024, 2, 12);
        assertThat(BusinessDate.of(new ch.iiz.events.referral.LeadHandoverAccepted("h", "IV", d, d.plusDays(1),
                d.plusMonths(4)))).isEqualTo(d);
        assertThat(BusinessDate.of(new ch.iiz.events.cases.CaseLeadChanged("A", "B", d, ch.iiz.events.cases.LeadBasis.OPTIMA_HANDOVER,
                null, "h", List.of()))).isEqualTo(d);
        assertThat(BusinessDate.of(new ch.iiz.events.cases.ConsentRevoked("k", d))).isEqualTo(d);
    }

    private static int day;

    /** An instance of a record with a distinct date in every LocalDate component (collected in {@code dates}). */
    static Object instance(Class<?> type, List<LocalDate> dates) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(types[i], dates);
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        return constructor.newInstance(values);
    }

    private static Object value(Class<?> t, List<LocalDate> dates) throws Exception {
        if (t == LocalDate.class) {
            LocalDate d = LocalDate.of(2024, 1, 1).plusDays(day++);
            dates.add(d);
            return d;
        }
        if (t == String.class) return "x";
        if (t == int.class || t == Integer.class) return 1;
        if (t == long.class || t == Long.class) return 1L;
        if (t == boolean.class || t == Boolean.class) return false;
        if (t == BigDecimal.class) return BigDecimal.ONE;
        if (t == YearMonth.class) return YearMonth.of(2024, 1);
        if (t == Instant.class) return Instant.parse("2024-01-01T00:00:00Z");
        if (t == UUID.class) return UUID.randomUUID();
        if (t == List.class) return List.of();
        if (t == Map.class) return Map.of();
        if (t.isEnum()) return t.getEnumConstants()[0];
        if (t.isRecord()) return instance(t, new ArrayList<>()); // nested dates are not the event's own
        if (t == byte[].class) return new byte[0];
        throw new IllegalArgumentException("no sample value for " + t);
    }
}
