//! Charts and the HTML report (in progress).
