//! Unit tests of the findings.
