package ch.iiz.service.validation;

import java.time.Clock;
import java.time.LocalDate;

/**
 * The window of DOMAIN.md "Dates": a fact is dated on or after {@link #EARLIEST} and not in the future (one day of
 * tolerance for time zones); a planned date may lie ahead, at most {@link #PLANNING_YEARS} years (the longest plan,
 * an AMIplus phase 3 with its extension, is 18 months; a handover at most 12). The rules of the phase or handover
 * a plan belongs to are checked by the domain.
 */
public final class BusinessDates {

    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    public static final int TOLERANCE_DAYS = 1;
    public static final int PLANNING_YEARS = 3;

    private BusinessDates() {
    }

    public static LocalDate latestFact(Clock clock) {
        return LocalDate.now(clock).plusDays(TOLERANCE_DAYS);
    }

    public static LocalDate latestPlan(Clock clock) {
        return LocalDate.now(clock).plusYears(PLANNING_YEARS);
    }

    public static boolean isFact(LocalDate date, Clock clock) {
        return !date.isBefore(EARLIEST) && !date.isAfter(latestFact(clock));
    }

    public static boolean isPlan(LocalDate date, Clock clock) {
        return !date.isBefore(EARLIEST) && !date.isAfter(latestPlan(clock));
    }
}
