// kisoku/date.hpp — calendar dates, Japanese era dates (和暦) and fiscal years (年度).
//
// A Date is a day in the proleptic Gregorian calendar, stored as a count of days since 1970-01-01,
// so that comparison and "is this day inside the period" are integer comparisons. Dates are read
// as 2025-04-14 or as 令和7年4月14日 (元年 for the first year of an era), and written back in either form.
// A Japanese fiscal year N runs from N-04-01 to (N+1)-03-31; 令和7年度 is fiscal year 2025.
#pragma once

#include "kisoku/source.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace kisoku {

class Date {
public:
    // 1970-01-01.
    constexpr Date() noexcept = default;
    // The day `days_since_epoch` days after 1970-01-01 (before it when negative).
    constexpr explicit Date(std::int32_t days_since_epoch) noexcept : days_(days_since_epoch) {}

    // The date of a valid year, month and day; nullopt for 2025-02-30 and the like.
    static std::optional<Date> from_ymd(int year, int month, int day) noexcept {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
            return std::nullopt;
        // Days from civil (Howard Hinnant's well-known algorithm, restated).
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int year_of_era = y - era * 400;
        int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        return Date(era * 146097 + day_of_era - 719468);
    }

    constexpr std::int32_t days_since_epoch() const noexcept { return days_; }

    struct Ymd {
        int year, month, day;
    };
    Ymd ymd() const noexcept {
        int z = days_ + 719468;
        int era = (z >= 0 ? z : z - 146096) / 146097;
        int day_of_era = z - era * 146097;
        int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
        int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        int mp = (5 * day_of_year + 2) / 153;
        int day = day_of_year - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
        return {year, month, day};
    }

    friend constexpr auto operator<=>(Date, Date) = default;

    // 2025-04-14.
    std::string to_string() const {
        auto [y, m, d] = ymd();
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
        return buffer;
    }

    static constexpr bool is_leap(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
    static constexpr int days_in_month(int year, int month) noexcept {
        constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return month == 2 && is_leap(year) ? 29 : days[month - 1];
    }

private:
    std::int32_t days_ = 0;
};

// A Japanese era: its name and the Gregorian date of its first day.
struct Era {
    std::u32string_view name;
    int year, month, day;
};

// The eras kisoku reads and writes, newest first.
inline constexpr Era japanese_eras[] = {
    {U"令和", 2019, 5, 1},
    {U"平成", 1989, 1, 8},
    {U"昭和", 1926, 12, 25},
};

// The Gregorian year of year `era_year` of an era (令和7年 → 2025).
constexpr int gregorian_year(Era const& era, int era_year) noexcept { return era.year + era_year - 1; }

namespace detail {

// Reads decimal digits (ASCII or full-width) at text[i...]; returns -1 when there are none.
inline int read_date_number(std::u32string_view text, std::size_t& i, std::size_t max_digits) {
    int value = 0;
    std::size_t start = i;
    while (i < text.size() && i - start < max_digits) {
        char32_t c = text[i];
        int digit = (c >= U'0' && c <= U'9') ? int(c - U'0') : (c >= U'０' && c <= U'９') ? int(c - U'０') : -1;
        if (digit < 0) break;
        value = value * 10 + digit;
        ++i;
    }
    return i == start ? -1 : value;
}

}  // namespace detail

// Reads 2025-04-14 or 令和7年4月14日 (also 令和元年5月1日); nullopt when the text is not exactly a
// valid date, including a wareki date outside its era (平成31年5月1日 is already 令和).
inline std::optional<Date> parse_date(std::u32string_view text) {
    std::size_t i = 0;
    for (Era const& era : japanese_eras) {
        if (text.substr(0, era.name.size()) != era.name) continue;
        i = era.name.size();
        int era_year;
        if (i < text.size() && text[i] == U'元') {
            era_year = 1;
            ++i;
        } else {
            era_year = detail::read_date_number(text, i, 3);
        }
        if (era_year < 1 || i >= text.size() || text[i++] != U'年') return std::nullopt;
        int month = detail::read_date_number(text, i, 2);
        if (month < 0 || i >= text.size() || text[i++] != U'月') return std::nullopt;
        int day = detail::read_date_number(text, i, 2);
        if (day < 0 || i >= text.size() || text[i++] != U'日' || i != text.size()) return std::nullopt;
        auto date = Date::from_ymd(gregorian_year(era, era_year), month, day);
        auto first = Date::from_ymd(era.year, era.month, era.day);
        if (!date || *date < *first) return std::nullopt;
        // The era must be the one in force on that day.
        for (Era const& newer : japanese_eras) {
            if (&newer == &era) break;
            if (*date >= *Date::from_ymd(newer.year, newer.month, newer.day)) return std::nullopt;
        }
        return date;
    }
    int year = detail::read_date_number(text, i, 4);
    if (year < 0 || i != 4 || i >= text.size() || text[i++] != U'-') return std::nullopt;
    std::size_t month_start = i;
    int month = detail::read_date_number(text, i, 2);
    if (month < 0 || i - month_start != 2 || i >= text.size() || text[i++] != U'-') return std::nullopt;
    std::size_t day_start = i;
    int day = detail::read_date_number(text, i, 2);
    if (day < 0 || i - day_start != 2 || i != text.size()) return std::nullopt;
    return Date::from_ymd(year, month, day);
}

// 令和7年4月14日 (令和元年5月1日 for the first year); the ISO form for dates before 昭和.
inline std::string to_wareki(Date date) {
    auto [y, m, d] = date.ymd();
    for (Era const& era : japanese_eras) {
        if (date < *Date::from_ymd(era.year, era.month, era.day)) continue;
        int era_year = y - era.year + 1;
        std::string out = encode_utf8(era.name);
        out += era_year == 1 ? "元" : std::to_string(era_year);
        return out + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
    }
    return date.to_string();
}

// The Japanese fiscal year (年度) a date falls in: April to March, named by the year it starts in.
inline int fiscal_year_of(Date date) {
    auto [y, m, d] = date.ymd();
    (void)d;
    return m >= 4 ? y : y - 1;
}

// The first and last day of fiscal year `year`.
inline Date fiscal_year_start(int year) { return *Date::from_ymd(year, 4, 1); }
inline Date fiscal_year_end(int year) { return *Date::from_ymd(year + 1, 3, 31); }

}  // namespace kisoku
