//! Per-tenant admission: at most a few requests of one tenant run at once, and each tenant has a
//! token bucket of requests per second. A tenant that floods the server, or whose requests run
//! into the CPU deadline, occupies at most its own slots, so other tenants keep their share of
//! the machine; a tenant whose request ran into the deadline is refused for a short cool-down.
//! Over any limit the answer is an immediate 429, never a queue.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use synco_host::tenant::TenantId;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits every tenant gets.
#[derive(Debug, Clone, Copy)]
pub struct TenantLimits {
    /// Requests of one tenant running at once.
    pub concurrency: usize,
    /// Sustained requests per second.
    pub rate_per_s: f64,
    /// Requests allowed in a burst above the rate.
    pub burst: f64,
}

/// Why a request was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The tenant already has `concurrency` requests running.
    Busy,
    /// The tenant's token bucket is empty.
    RateLimited,
    /// A request of the tenant recently ran into its CPU deadline; it waits out a cool-down.
    CoolingDown,
}

struct Tenant {
    running: Arc<Semaphore>,
    bucket: Mutex<(f64, Instant)>,
    cool_until: Mutex<Option<Instant>>,
}

/// How long a tenant is refused after one of its requests ran into the CPU deadline: a request
/// that spins to its deadline is most likely to do it again, and every time it holds a core.
pub const COOL_DOWN: std::time::Duration = std::time::Duration::from_secs(5);

/// The admission state of every tenant seen.
pub struct Admission {
    limits: TenantLimits,
    tenants: Mutex<HashMap<TenantId, Arc<Tenant>>>,
}

impl Admission {
    /// Admission with `limits` for every tenant.
    pub fn new(limits: TenantLimits) -> Admission {
        Admission { limits, tenants: Mutex::new(HashMap::new()) }
    }

    /// Admits one request of `tenant`; the permit is held until the request ends.
    pub fn admit(&self, tenant: &TenantId) -> Result<OwnedSemaphorePermit, Refusal> {
        let state = self.state(tenant);
        if state.cool_until.lock().unwrap_or_else(|p| p.into_inner()).is_some_and(|until| Instant::now() < until) {
            return Err(Refusal::CoolingDown);
        }
        let permit = Arc::clone(&state.running).try_acquire_owned().map_err(|_| Refusal::Busy)?;
        self.take_token(&state)?;
        Ok(permit)
    }

    /// Starts `tenant`'s cool-down: one of its requests ran into the CPU deadline.
    pub fn cool_down(&self, tenant: &TenantId) {
        *self.state(tenant).cool_until.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now() + COOL_DOWN);
    }

    fn state(&self, tenant: &TenantId) -> Arc<Tenant> {
        {
            let mut tenants = self.tenants.lock().unwrap_or_else(|p| p.into_inner());
            let limits = self.limits;
            Arc::clone(tenants.entry(tenant.clone()).or_insert_with(|| {
                Arc::new(Tenant { running: Arc::new(Semaphore::new(limits.concurrency)), bucket: Mutex::new((limits.burst, Instant::now())), cool_until: Mutex::new(None) })
            }))
        }
    }

    fn take_token(&self, state: &Tenant) -> Result<(), Refusal> {
        let mut bucket = state.bucket.lock().unwrap_or_else(|p| p.into_inner());
        let (tokens, last) = *bucket;
        let now = Instant::now();
        let refilled = (tokens + now.duration_since(last).as_secs_f64() * self.limits.rate_per_s).min(self.limits.burst);
        if refilled < 1.0 {
            *bucket = (refilled, now);
            return Err(Refusal::RateLimited);
        }
        *bucket = (refilled - 1.0, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(id: &str) -> TenantId {
        TenantId::new(id).unwrap()
    }

    #[test]
    fn a_busy_tenant_is_refused_while_another_is_admitted() {
        let admission = Admission::new(TenantLimits { concurrency: 1, rate_per_s: 1000.0, burst: 1000.0 });
        let held = admission.admit(&tenant("a")).unwrap();
        assert_eq!(admission.admit(&tenant("a")).err(), Some(Refusal::Busy));
        assert!(admission.admit(&tenant("b")).is_ok());
        drop(held);
        assert!(admission.admit(&tenant("a")).is_ok());
    }

    #[test]
    fn a_tenant_that_hit_the_deadline_cools_down_alone() {
        let admission = Admission::new(TenantLimits { concurrency: 4, rate_per_s: 1000.0, burst: 1000.0 });
        admission.cool_down(&tenant("a"));
        assert_eq!(admission.admit(&tenant("a")).err(), Some(Refusal::CoolingDown));
        assert!(admission.admit(&tenant("b")).is_ok());
    }

    #[test]
    fn the_bucket_allows_a_burst_then_refuses() {
        let admission = Admission::new(TenantLimits { concurrency: 100, rate_per_s: 0.001, burst: 3.0 });
        let permits: Vec<_> = (0..3).map(|_| admission.admit(&tenant("a")).unwrap()).collect();
        assert_eq!(admission.admit(&tenant("a")).err(), Some(Refusal::RateLimited));
        assert!(admission.admit(&tenant("b")).is_ok());
        drop(permits);
    }
}
