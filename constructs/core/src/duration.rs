//! [`Duration`] and [`Size`]: amounts with their unit, converted to what a property takes at
//! synthesis, where a conversion that would lose precision or break a limit is an error.

use std::fmt;
use std::str::FromStr;

/// A length of time, held in milliseconds (AWS CDK's `Duration`).
///
/// ```
/// use cdk_core::Duration;
/// assert_eq!(Duration::minutes(2).to_seconds(), Ok(120));
/// assert!(Duration::millis(1500).to_seconds().is_err()); // would lose 500 ms
/// assert_eq!("90s".parse::<Duration>(), Ok(Duration::seconds(90)));
/// assert_eq!(Duration::seconds(90).to_string(), "90s");
/// assert_eq!(Duration::seconds(10).to_seconds_within(1..=900, "a function timeout"), Ok(10));
/// assert!(Duration::minutes(20).to_seconds_within(1..=900, "a function timeout")
///     .unwrap_err().contains("at most 900 seconds"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    millis: u64,
}

const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

impl Duration {
    /// Milliseconds.
    pub const fn millis(n: u64) -> Duration {
        Duration { millis: n }
    }

    /// Seconds.
    pub const fn seconds(n: u64) -> Duration {
        Duration {
            millis: n.saturating_mul(SECOND),
        }
    }

    /// Minutes.
    pub const fn minutes(n: u64) -> Duration {
        Duration {
            millis: n.saturating_mul(MINUTE),
        }
    }

    /// Hours.
    pub const fn hours(n: u64) -> Duration {
        Duration {
            millis: n.saturating_mul(HOUR),
        }
    }

    /// Days.
    pub const fn days(n: u64) -> Duration {
        Duration {
            millis: n.saturating_mul(DAY),
        }
    }

    /// In milliseconds.
    pub const fn to_millis(self) -> u64 {
        self.millis
    }

    fn whole(self, unit: u64, name: &str) -> Result<u64, String> {
        if self.millis.is_multiple_of(unit) {
            Ok(self.millis / unit)
        } else {
            Err(format!("{self} is not a whole number of {name}"))
        }
    }

    /// In whole seconds; an error if that would lose precision.
    pub fn to_seconds(self) -> Result<u64, String> {
        self.whole(SECOND, "seconds")
    }

    /// In whole minutes; an error if that would lose precision.
    pub fn to_minutes(self) -> Result<u64, String> {
        self.whole(MINUTE, "minutes")
    }

    /// In whole hours; an error if that would lose precision.
    pub fn to_hours(self) -> Result<u64, String> {
        self.whole(HOUR, "hours")
    }

    /// In whole days; an error if that would lose precision.
    pub fn to_days(self) -> Result<u64, String> {
        self.whole(DAY, "days")
    }

    /// In whole seconds within `range`, for `what` (named in the error).
    pub fn to_seconds_within(
        self,
        range: std::ops::RangeInclusive<u64>,
        what: &str,
    ) -> Result<u64, String> {
        let s = self.to_seconds().map_err(|e| format!("{what}: {e}"))?;
        if s < *range.start() {
            Err(format!(
                "{what} is {self}; it must be at least {} seconds",
                range.start()
            ))
        } else if s > *range.end() {
            Err(format!(
                "{what} is {self}; it must be at most {} seconds",
                range.end()
            ))
        } else {
            Ok(s)
        }
    }
}

impl fmt::Display for Duration {
    /// The largest unit that is exact: `90s`, `2m`, `1500ms`, `3d`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.millis;
        for (unit, suffix) in [(DAY, "d"), (HOUR, "h"), (MINUTE, "m"), (SECOND, "s")] {
            if m != 0 && m.is_multiple_of(unit) {
                return write!(f, "{}{suffix}", m / unit);
            }
        }
        write!(f, "{m}ms")
    }
}

impl FromStr for Duration {
    type Err = String;

    /// A whole number and a unit: `500ms`, `10s`, `5m`, `2h`, `1d`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        let (number, unit) = s.split_at(digits);
        let n: u64 = number.parse().map_err(|_| {
            format!("invalid duration {s:?}: expected a whole number and a unit, like 10s or 5m")
        })?;
        match unit.trim() {
            "ms" => Ok(Duration::millis(n)),
            "s" => Ok(Duration::seconds(n)),
            "m" | "min" => Ok(Duration::minutes(n)),
            "h" => Ok(Duration::hours(n)),
            "d" => Ok(Duration::days(n)),
            "" => Err(format!(
                "duration {s:?} has no unit: write {n}s, {n}m, {n}h or {n}d"
            )),
            other => Err(format!(
                "duration {s:?} has an unknown unit {other:?}: use ms, s, m, h or d"
            )),
        }
    }
}

/// An amount of memory or storage, held in bytes (AWS CDK's `Size`).
///
/// ```
/// use cdk_core::Size;
/// assert_eq!(Size::gibibytes(1).to_mebibytes(), Ok(1024));
/// assert!(Size::kibibytes(1536).to_mebibytes().is_err());
/// assert_eq!(Size::mebibytes(256).to_string(), "256 MiB");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Size {
    bytes: u64,
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

impl Size {
    /// Bytes.
    pub const fn bytes(n: u64) -> Size {
        Size { bytes: n }
    }

    /// Kibibytes (1,024 bytes).
    pub const fn kibibytes(n: u64) -> Size {
        Size {
            bytes: n.saturating_mul(KIB),
        }
    }

    /// Mebibytes (1,024 KiB).
    pub const fn mebibytes(n: u64) -> Size {
        Size {
            bytes: n.saturating_mul(MIB),
        }
    }

    /// Gibibytes (1,024 MiB).
    pub const fn gibibytes(n: u64) -> Size {
        Size {
            bytes: n.saturating_mul(GIB),
        }
    }

    /// In bytes.
    pub const fn to_bytes(self) -> u64 {
        self.bytes
    }

    /// In whole mebibytes; an error if that would lose precision.
    pub fn to_mebibytes(self) -> Result<u64, String> {
        if self.bytes.is_multiple_of(MIB) {
            Ok(self.bytes / MIB)
        } else {
            Err(format!("{self} is not a whole number of MiB"))
        }
    }

    /// In whole mebibytes within `range`, for `what` (named in the error).
    pub fn to_mebibytes_within(
        self,
        range: std::ops::RangeInclusive<u64>,
        what: &str,
    ) -> Result<u64, String> {
        let m = self.to_mebibytes().map_err(|e| format!("{what}: {e}"))?;
        if range.contains(&m) {
            Ok(m)
        } else {
            Err(format!(
                "{what} is {self}; it must be {} to {} MiB",
                range.start(),
                range.end()
            ))
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.bytes;
        for (unit, suffix) in [(GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")] {
            if b != 0 && b.is_multiple_of(unit) {
                return write!(f, "{} {suffix}", b / unit);
            }
        }
        write!(f, "{b} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_picks_the_largest_exact_unit_and_parses_back() {
        for (d, text) in [
            (Duration::seconds(10), "10s"),
            (Duration::minutes(2), "2m"),
            (Duration::hours(3), "3h"),
            (Duration::days(1), "1d"),
            (Duration::millis(1500), "1500ms"),
            (Duration::seconds(90), "90s"),
            (Duration::minutes(90), "90m"),
            (Duration::millis(0), "0ms"),
        ] {
            assert_eq!(d.to_string(), text);
            assert_eq!(text.parse::<Duration>(), Ok(d), "{text}");
        }
        assert!("10".parse::<Duration>().unwrap_err().contains("write 10s"));
        assert!("10x"
            .parse::<Duration>()
            .unwrap_err()
            .contains("unknown unit"));
        assert!("s".parse::<Duration>().is_err());
    }

    #[test]
    fn conversions_refuse_to_lose_precision() {
        assert_eq!(Duration::hours(2).to_minutes(), Ok(120));
        assert_eq!(Duration::days(2).to_hours(), Ok(48));
        assert!(Duration::minutes(90).to_hours().is_err());
        assert!(Duration::hours(36).to_days().is_err());
        assert_eq!(
            Duration::millis(0).to_seconds_within(1..=900, "a timeout"),
            Err("a timeout is 0ms; it must be at least 1 seconds".into())
        );
        assert_eq!(
            Size::mebibytes(128).to_mebibytes_within(128..=10240, "memory"),
            Ok(128)
        );
        assert!(Size::mebibytes(64)
            .to_mebibytes_within(128..=10240, "memory")
            .is_err());
        assert_eq!(Size::bytes(10).to_string(), "10 bytes");
    }
}
