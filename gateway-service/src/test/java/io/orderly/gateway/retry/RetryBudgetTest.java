package io.orderly.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    final AtomicLong now = new AtomicLong();

    @Test
    void retriesAddAtMostTheRatioOfTheTrafficOnceTheReserveIsSpent() {
        RetryBudget budget = new RetryBudget(0.2, 0, 5, now::get);
        int allowed = 0;
        for (int i = 0; i < 5; i++) {
            assertThat(budget.tryWithdraw()).isTrue(); // the saved-up reserve
        }
        for (int request = 0; request < 1000; request++) {
            budget.deposit();
            if (budget.tryWithdraw()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(200);
    }

    @Test
    void aQuietGatewayEarnsRetriesOverTime() {
        RetryBudget budget = new RetryBudget(0.2, 10, 100, now::get);
        while (budget.tryWithdraw()) {
            // spend the reserve
        }
        assertThat(budget.tryWithdraw()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        int allowed = 0;
        while (budget.tryWithdraw()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void theBalanceNeverExceedsItsCap() {
        RetryBudget budget = new RetryBudget(1.0, 10, 3, now::get);
        for (int i = 0; i < 100; i++) {
            budget.deposit();
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertThat(budget.balance()).isEqualTo(3.0);
    }

    @Test
    void aZeroBudgetRefusesEveryRetry() {
        RetryBudget budget = new RetryBudget(0, 0, 0, now::get);
        budget.deposit();
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(budget.tryWithdraw()).isFalse();
    }
}
