// Dates, Japanese era dates and fiscal years.
#include "kisoku/date.hpp"

#include <doctest/doctest.h>

using namespace kisoku;

TEST_CASE("ISO dates round-trip and are validated") {
    auto d = parse_date(U"2025-04-14");
    REQUIRE(d);
    CHECK(d->to_string() == "2025-04-14");
    CHECK(Date::from_ymd(1970, 1, 1)->days_since_epoch() == 0);
    CHECK(parse_date(U"2024-02-29"));
    CHECK_FALSE(parse_date(U"2025-02-29"));
    CHECK_FALSE(parse_date(U"2025-13-01"));
    CHECK_FALSE(parse_date(U"2025-4-14"));
    CHECK_FALSE(parse_date(U"2025-04-14x"));
    CHECK(*parse_date(U"2025-04-01") < *parse_date(U"2025-04-02"));
    // Every 997th day from 0001-01-01 to 9999-12-31 converts to a calendar date and back.
    CHECK_FALSE(Date::from_ymd(0, 12, 31));
    for (int days = Date::from_ymd(1, 1, 1)->days_since_epoch(); days <= Date::from_ymd(9999, 12, 31)->days_since_epoch();
         days += 997) {
        auto [y, m, dd] = Date(days).ymd();
        auto back = Date::from_ymd(y, m, dd);
        REQUIRE(back);
        CHECK(back->days_since_epoch() == days);
    }
}

TEST_CASE("wareki dates are read and written") {
    CHECK(parse_date(U"令和7年4月14日") == parse_date(U"2025-04-14"));
    CHECK(parse_date(U"令和元年5月1日") == parse_date(U"2019-05-01"));
    CHECK(parse_date(U"平成31年4月30日") == parse_date(U"2019-04-30"));
    CHECK_FALSE(parse_date(U"平成31年5月1日"));  // That day was already 令和.
    CHECK_FALSE(parse_date(U"令和元年4月30日"));  // Before 令和 began.
    CHECK(parse_date(U"令和７年４月１４日") == parse_date(U"2025-04-14"));
    CHECK(to_wareki(*parse_date(U"2025-04-14")) == "令和7年4月14日");
    CHECK(to_wareki(*parse_date(U"2019-05-01")) == "令和元年5月1日");
    CHECK(to_wareki(*parse_date(U"2019-04-30")) == "平成31年4月30日");
}

TEST_CASE("fiscal years run from April to March") {
    CHECK(fiscal_year_of(*parse_date(U"2025-04-01")) == 2025);
    CHECK(fiscal_year_of(*parse_date(U"2026-03-31")) == 2025);
    CHECK(fiscal_year_of(*parse_date(U"2025-03-31")) == 2024);
    CHECK(fiscal_year_start(2025).to_string() == "2025-04-01");
    CHECK(fiscal_year_end(2025).to_string() == "2026-03-31");
}
