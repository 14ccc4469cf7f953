// kisoku/messages.hpp — the catalogue of diagnostic messages, in English and Japanese.
//
// Each entry has a stable code (what tests, documentation and users' scripts refer to; a code is
// never reused for another meaning) and one template per language, with {0}, {1}, … standing for
// the diagnostic's arguments. docs/language.md lists every code with an example and its fix.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kisoku {

enum class Language { en, ja };

struct MessageTemplate {
    std::string_view code;
    std::string_view en;
    std::string_view ja;
};

// The catalogue. Keep it sorted by area; add, never renumber or reuse.
inline constexpr MessageTemplate message_catalogue[] = {
    // Text encoding.
    {"invalid-utf8", "the text is not valid UTF-8 (byte {0})", "UTF-8 として読めないバイトがあります（{0} バイト目）"},
    {"control-character", "a control character ({0}) is not allowed in a rule file", "ルールファイルに制御文字（{0}）は使えません"},
    {"identifier-too-long", "the name has {0} characters, more than the limit of {1}", "名前が {0} 文字あり、上限の {1} 文字を超えています"},
    {"cannot-read-file", "cannot read the file {0}", "ファイル {0} を読めません"},
    // Syntax.
    {"syntax-expected", "expected {0}", "ここには{0}が必要です"},
    {"syntax-unexpected", "unexpected {0}; the expression ends before it",
     "{0}は余分です。式はその前で終わっています"},
    {"syntax-empty", "the expression is empty", "式が空です"},
    {"syntax-expected-found", "expected {0}, found {1}", "ここには{0}が必要です（{1}があります）"},
    {"syntax-expected-declaration",
     "expected a declaration (program, enum, record, input, param, category, eligibility, value, amount, check, document "
     "or note), found {0}",
     "宣言（制度・列挙・記録・入力・定数・区分・要件・値・金額・確認・書類・注記）が必要です（{0}があります）"},
    {"duplicate-setting", "this setting is given twice in the program declaration", "この設定は制度の宣言の中で二度指定されています"},
    {"text-too-large", "the text has {0} characters, more than the limit of {1}", "テキストが {0} 文字あり、上限の {1} 文字を超えています"},
    {"expression-too-deep", "the expression is more than {0} operations deep: split it into named values",
     "式の演算が {0} 段を超えています。途中の結果に名前を付けて分けてください"},
    {"syntax-too-deep", "the expression is nested more than {0} levels deep", "式の入れ子が {0} 段を超えています"},
    // Literals.
    {"literal-thousands-group",
     "a thousands separator must be followed by exactly three digits (to separate arguments, put a space after the "
     "comma)",
     "桁区切りのカンマの後には数字がちょうど3桁必要です（引数を区切るときはカンマの後に空白を入れてください）"},
    {"literal-multiplier-order", "{0} cannot come after {1}: write multipliers once each, largest first (1億2000万円)",
     "{1}の後に{0}は書けません。単位は大きい順に一度ずつ書きます（1億2000万円）"},
    {"literal-multiplier-coefficient", "the number before {0} must be less than {1} when a larger unit precedes it",
     "上位の単位があるとき、{0}の前の数は{1}未満でなければなりません"},
    {"literal-missing-amount", "{0} must be followed by an amount, as in ¥200,000",
     "{0}の後に金額が必要です（例: ¥200,000）"},
    {"literal-currency-twice", "the amount is marked as yen twice: write either ¥200,000 or 200,000円",
     "円の指定が二重です。¥200,000 か 200,000円 のどちらかにしてください"},
    {"literal-percent-yen", "a percentage cannot be an amount of yen", "百分率を円の金額にはできません"},
    {"literal-bad-decimal", "a decimal point must be followed by digits", "小数点の後に数字が必要です"},
    {"literal-bad-digit", "unexpected '{0}' in a number", "数の中に「{0}」は使えません"},
    {"literal-too-long", "the number has more than {0} characters", "数が {0} 文字を超えています"},
    // Names and calls.
    {"unknown-function", "unknown function {0}", "{0}という関数はありません"},
    {"unknown-name", "unknown name {0}", "{0}という名前は定義されていません"},
    {"did-you-mean", "did you mean {0}?", "{0} のことですか？"},
    {"wrong-arity", "{0} takes {1} but was given {2}", "{0}の引数は{1}ですが、{2}個与えられています"},
    // Units and types.
    {"unit-mismatch", "cannot {0} {1} and {2}: {3}", "{1}と{2}は{0}できません。{3}"},
    {"yen-times-yen", "cannot multiply two amounts of yen: one side should be a rate such as 2/3 or 50%",
     "円どうしは掛けられません。片方は 2/3 や 50% のような率にしてください"},
    {"divide-by-yen", "cannot divide a number by an amount of yen", "数を円の金額で割ることはできません"},
    {"not-a-number", "{0} needs a number or an amount of yen, not {1}", "{0}には数か円の金額が必要です（{1}は使えません）"},
    {"not-a-condition", "{0} needs true or false, not {1}", "{0}には真偽値が必要です（{1}は使えません）"},
    {"not-a-record", "{0} has no fields: only records have fields such as {1}",
     "{0}には項目がありません。{1}のような項目を持つのはレコードだけです"},
    {"not-a-table", "{0} is not a table: only parameters declared 'by' an enum can be looked up with [ ]",
     "{0}は表ではありません。[ ] で引けるのは列挙型ごとに定めたパラメータだけです"},
    {"not-a-list", "{0} needs a list, not {1}", "{0}には一覧が必要です（{1}は使えません）"},
    {"not-a-collection", "'in' needs a set {a, b}, a range low .. high or a period on its right",
     "「in」の右には集合 {a, b}、範囲 下限 .. 上限、または期間が必要です"},
    {"set-outside-in", "a set {…} or a range … .. … can only follow 'in'", "集合 {…} や範囲 … .. … は「in」の後にだけ書けます"},
    {"invalid-date", "{0} is not a valid date", "{0}は有効な日付ではありません"},
    {"chained-comparison", "comparisons cannot be chained: write a <= b and b <= c",
     "比較はつなげられません。a <= b and b <= c のように書いてください"},
    // Declarations and the checker.
    {"duplicate-definition", "{0} is defined twice", "{0}が二度定義されています"},
    {"first-defined-here", "{0} is first defined here", "{0}の最初の定義はここです"},
    {"unknown-type", "unknown type {0}", "{0}という型はありません"},
    {"list-of-scalars", "a list holds records or enum values, not {0}", "一覧に入れられるのは記録か列挙の値です（{0}は入れられません）"},
    {"duplicate-program", "a file declares one program: {0} comes after {1}; put each program in its own file",
     "一つのファイルで宣言できる制度は一つです（{1}の後に{0}があります）。制度ごとにファイルを分けてください"},
    {"duplicate-input", "a program has one input declaration", "入力の宣言は一つだけです"},
    {"missing-program", "the file has no program declaration (program ID \"title\" { fiscal_year … })",
     "制度の宣言（制度 ID 「名称」 { 年度 … }）がありません"},
    {"missing-fiscal-year", "the program {0} does not say its fiscal year (fiscal_year 2025 or 年度 令和7年度)",
     "制度{0}に年度（年度 令和7年度 など）がありません"},
    {"invalid-fiscal-year", "{0} is not a fiscal year: write 2025 or 令和7年度", "{0}は年度として読めません。2025 か 令和7年度 と書いてください"},
    {"period-order", "the period ends ({1}) before it starts ({0})", "期間の終わり（{1}）が始まり（{0}）より前です"},
    {"type-mismatch", "{0} needs {1}, not {2}", "{0}には{1}が必要です（{2}は使えません）"},
    {"not-whole", "{0} is declared as an integer (int) but may have a fraction: declare it number, or round it",
     "{0}は整数（int）と宣言されていますが、端数が出ることがあります。number と宣言するか、端数処理をしてください"},
    {"shadowed-name",
     "here {0} is the field of each item of the list (a field of {1}), not the value {0} of the application; rename one of them if that is not what you mean",
     "ここでの{0}は一覧の各項目（{1}）の項目で、申請の{0}ではありません。意図と違う場合はどちらかの名前を変えてください"},
    {"declared-type-mismatch", "{0} is declared as {1} but its formula gives {2}", "{0}は{1}と宣言されていますが、式の結果は{2}です"},
    {"ambiguous-enum-value", "{0} is a value of more than one enum ({1}): write it with its enum, such as {2}",
     "{0}は複数の列挙（{1}）にある値です。{2} のように列挙名を付けてください"},
    {"unknown-enum-value", "{0} is not a value of {1}", "{0}は{1}の値ではありません"},
    {"unknown-field", "{0} is not a field of {1}", "{0}は{1}の項目ではありません"},
    {"branch-mismatch", "the two branches of 'if' give different types: {0} and {1}",
     "「if」の二つの分岐の型が違います（{0}と{1}）"},
    {"not-a-category", "'eligible' needs an expense category, not {0}", "「eligible」には経費区分が必要です（{0}は使えません）"},
    {"unrounded-yen",
     "{0} is an amount of yen, but its formula may leave a fraction of a yen: round it explicitly, for example "
     "round_down(…, 1円)",
     "{0}は円の金額ですが、式の結果に1円未満の端数が出ることがあります。round_down(…, 1円) のように端数処理を明示してください"},
    {"fraction-source", "the fraction can come from here", "端数はここから生じます"},
    {"table-needs-rows", "{0} is a table by an enum: give one row per value, { value: amount, … }",
     "{0}は列挙ごとの表です。{ 値: 金額, … } のように値ごとに一行ずつ書いてください"},
    {"table-missing-key", "the table {0} has no row for {1}", "表{0}に{1}の行がありません"},
    {"table-without-key", "{0} has rows but no 'by ENUM' to key them", "{0}に行がありますが、「by 列挙」がありません"},
    {"unknown-source",
     "the citation starts with {0}, which is not a source of the program: declare it in the program (source {1} \"title\") "
     "or cite a page, such as [p.25]",
     "出典{0}は制度の宣言にありません。制度の中で 出典 {1} 「資料名」 と宣言するか、[p.25] のようにページだけを書いてください"},
    {"reference-date-not-input", "reference_date names {0}, which is not a date field of the input",
     "基準日（reference_date）の {0} は入力の日付の項目ではありません"},
    {"cycle", "{0} depends on itself: {1}", "{0}が自分自身に依存しています: {1}"},
    {"unused-definition", "{0} is never used", "{0}はどこからも使われていません"},
    {"division-by-zero", "division by zero", "ゼロで割っています"},
    {"rounding-unit-not-positive", "the rounding unit must be greater than zero, got {0}",
     "端数処理の単位は正の数でなければなりません（{0} が指定されています）"},
    {"rounding-unit-mismatch", "{0}: the unit {1} must be in the same unit as the value ({2}); write {3}",
     "{0}: 単位 {1} は値（{2}）と同じ単位にしてください。{3} と書きます"},
    // Applications (input errors; the location is a JSON path such as $.構成員[2].法人).
    {"input-not-json", "the application is not valid JSON: {0}", "申請が JSON として読めません: {0}"},
    {"input-type", "expected {0}, found {1}", "ここには{0}が必要です（{1}があります）"},
    {"input-unknown-field", "{1} has no field {0}", "{1}に項目{0}はありません"},
    {"input-unknown-field-suggest", "{1} has no field {0}; did you mean {2}?", "{1}に項目{0}はありません。{2}のことですか"},
    {"input-duplicate-field", "the field {0} is given twice", "項目{0}が二度書かれています"},
    {"input-required", "the required field {0} is missing", "必須の項目{0}がありません"},
    {"input-yen-fraction", "{0} has a fraction of a yen: an amount must be whole yen (kisoku does not round inputs)",
     "{0} に1円未満の端数があります。金額は円単位の整数で書いてください（入力は丸めません）"},
    {"input-not-whole", "{0} is not a whole number: {1} holds integers", "{0} は整数ではありません。{1}は整数の項目です"},
    {"input-malformed-amount", "{0} is not an amount of yen: {1}", "{0} は金額として読めません: {1}"},
    {"input-malformed-number", "{0} is not a number: {1}", "{0} は数として読めません: {1}"},
    {"input-percent-for-yen", "{0} is a rate, not an amount of yen", "{0} は率で、円の金額ではありません"},
    {"input-malformed-date", "{0} is not a date: write 2025-04-14 or 令和7年4月14日",
     "{0} は日付として読めません。2025-04-14 や 令和7年4月14日 のように書いてください"},
    {"input-malformed-period", "{0} is not a period: write 2025-04-01..2026-03-31",
     "{0} は期間として読めません。2025-04-01..2026-03-31 のように書いてください"},
    {"input-unknown-enum-value", "{0} is not a value of {1}; the values are {2}", "{0} は{1}の値ではありません。値は {2} です"},
    {"input-number-too-large", "{0} has more than {1} digits", "{0} の桁数が上限の {1} 桁を超えています"},
    {"input-too-deep", "the application is nested more than {0} levels deep", "申請の入れ子が上限の {0} 段を超えています"},
    {"input-list-too-long", "the list has more than {0} items", "一覧の要素数が上限の {0} 個を超えています"},
    {"input-control-character", "the text contains a control character ({0})", "文字列に制御文字（{0}）が含まれています"},
    {"evaluation-step-limit", "the evaluation stopped after {0} steps; what it had not computed is unknown",
     "評価が {0} ステップの上限で止まりました。計算できなかった部分は不明です"},
    {"input-invalid-value", "the value cannot be read: {0}", "値を読めません: {0}"},
    {"input-too-large", "the application has more than {0} bytes", "申請が上限の {0} バイトを超えています"},
    {"input-too-many-errors", "{0} more errors are not listed (the limit is {1})", "ほかに {0} 件の誤りがありますが、上限の {1} 件を超えるため表示していません"},
    {"input-parameter-missing", "the parameter {0} must be supplied by the caller: {1}",
     "定数{0}は呼び出し側が指定する必要があります: {1}"},
    {"input-no-rules-for-date", "{0} is {1}, which none of the rules cover; there are rules for {2}",
     "{0} は {1} で、この日付に当たる規則がありません。規則があるのは {2} です"},
    {"input-no-rules-for-year", "there are no rules for fiscal year {0}; there are rules for {1}",
     "{0}年度の規則はありません。規則があるのは {1} です"},
    {"input-reference-date-missing", "{0} is needed to choose which fiscal year's rules apply (there are rules for {1})",
     "どの年度の規則を使うかを決めるために {0} が必要です（規則があるのは {1} です）"},
    {"input-fiscal-year-needed", "the rules cover several fiscal years ({0}) and declare no reference_date: give the fiscal year",
     "規則が複数の年度（{0}）にわたり、基準日（reference_date）の宣言がありません。年度を指定してください"},
    {"duplicate-fiscal-year", "{0} is a second file for fiscal year {1}", "{0} は {1}年度の二つ目のファイルです"},
    {"mixed-programs", "{0} is for the program {1}, not {2}: a directory holds one program's fiscal years",
     "{0} は制度 {1} のファイルで、{2} ではありません。一つのディレクトリには一つの制度の年度ごとのファイルを置きます"},
    {"no-rule-files", "{0} holds no .kisoku file", "{0} に .kisoku ファイルがありません"},
    {"input-parameter-unknown", "the program has no parameter {0} supplied by the caller", "呼び出し側が指定する定数{0}はこの制度にありません"},
    // Rules compiled to native code at run time (kisoku/eval/native_library.hpp). The rules are
    // still decided, by the interpreter, when any of these happens.
    {"native-cache-unwritable", "cannot write the compiled rules into the directory {0} ({1})",
     "コンパイルした規則をディレクトリ {0} に書き込めません（{1}）"},
    {"native-compiler-not-found", "the C++ compiler {0} was not found: install one (g++ or clang++) or name it with CXX",
     "C++ コンパイラ {0} が見つかりません。g++ か clang++ を入れるか、CXX で指定してください"},
    {"native-compile-failed", "the C++ compiler {0} could not compile the rules (exit status {1}); its messages are in {2}",
     "C++ コンパイラ {0} が規則をコンパイルできませんでした（終了コード {1}）。メッセージは {2} にあります"},
    {"native-compile-timeout", "the C++ compiler {0} did not finish compiling the rules within {1} s and was stopped; its messages are in {2}",
     "C++ コンパイラ {0} が {1} 秒以内に規則のコンパイルを終えなかったため止めました。メッセージは {2} にあります"},
    {"native-compile-stopped", "compiling the rules with {0} was stopped on request (Ctrl-C); they are decided without it",
     "{0} による規則のコンパイルを求めに応じて止めました（Ctrl-C）。コンパイルせずに判定します"},
    {"native-load-failed", "the compiled rules {0} could not be loaded: {1}", "コンパイルした規則 {0} を読み込めません: {1}"},
    {"native-mismatch", "the compiled rules {0} were built by another version of kisoku or from other rules",
     "コンパイルした規則 {0} は別の版の kisoku か別の規則から作られたものです"},
};

// Words that stand as arguments inside messages. An argument written "@key" is replaced by the
// term's text in the message's language, so that "expected @expression" reads 「式が必要です」.
inline constexpr MessageTemplate term_catalogue[] = {
    {"expression", "an expression", "式"},
    {"operand", "a value after the operator", "演算子の後の値"},
    {"closing-paren", "')'", "「)」"},
    {"closing-bracket", "']'", "「]」"},
    {"closing-brace", "'}'", "「}」"},
    {"then", "'then' (or ならば)", "「then」または「ならば」"},
    {"else", "'else' (or でなければ)", "「else」または「でなければ」"},
    {"field-name", "a field name after '.'", "「.」の後の項目名"},
    {"end-of-line", "the end of the line", "行の終わり"},
    {"name", "a name", "名前"},
    {"string", "a quoted text \"…\" or 「…」", "「…」または \"…\" で囲んだ文字列"},
    {"date-literal", "a date such as 2025-04-14 or 令和7年4月14日", "2025-04-14 や 令和7年4月14日 のような日付"},
    {"citation", "a citation in brackets, such as [p.25]", "[p.25] のような角かっこの出典"},
    {"type", "a type (bool, int, number, yen, date, text, an enum or record, or list<…>)",
     "型（bool・int・number・yen・date・text・列挙・記録・list<…>）"},
    {"field", "a field, such as 法人: bool", "法人: bool のような項目"},
    {"source", "a source, such as source deck \"…\"", "source deck \"…\" のような出典"},
    {"fiscal-year", "a fiscal year, such as 2025 or 令和7年度", "2025 や 令和7年度 のような年度"},
    {"declaration", "a declaration", "宣言"},
    {"table-entry", "a table row, such as 準備枠: 20万円", "準備枠: 20万円 のような表の行"},
    {"category-item", "a category, such as 備品費", "備品費 のような区分"},
    {"condition", "a condition, such as ① \"label\": expression", "① \"見出し\": 式 のような条件"},
    {"opening-brace", "'{'", "「{」"},
    {"colon", "':'", "「:」"},
    {"equals", "'='", "「=」"},
    {"param-body", "'= value', a table '{ … }' or 'required'", "「= 値」、表「{ … }」または「required」"},
    {"opening-angle", "'<'", "「<」"},
    {"closing-angle", "'>'", "「>」"},
    {"dot-dot", "'..' between two dates", "二つの日付の間の「..」"},
    {"closing-quote", "a closing '\"' on the same line", "同じ行に閉じる「\"」"},
    {"closing-corner", "a closing '」'", "閉じる「」」"},
    {"argument", "an argument", "引数"},
    {"end", "the end of the text", "テキストの終わり"},
    {"add", "add", "足し算"},
    {"subtract", "subtract", "引き算"},
    {"compare", "compare", "比較"},
    {"yen", "an amount of yen", "円の金額"},
    {"number", "a bare number", "単位のない数"},
    {"bool", "true/false", "真偽値"},
    {"date", "a date", "日付"},
    {"text", "text", "文字列"},
    {"period", "a period", "期間"},
    {"hint-yen", "write the number in yen, such as 1,000円", "数を 1,000円 のように円で書いてください"},
    {"hint-same-unit", "both sides must be in the same unit", "両辺の単位をそろえてください"},
    // Keywords named in messages, in the language of the message.
    {"kw-if", "'if'", "「もし」（if）"},
    {"kw-unless", "'unless'", "「除く」（unless）"},
    {"kw-when", "'when'", "「場合」（when）"},
    {"kw-check", "'check'", "「確認」（check）"},
    {"kw-where", "'where'", "「のうち」（where）"},
    {"kw-not", "'not'", "「not」"},
    {"kw-and", "'and'", "「かつ」（and）"},
    {"kw-or", "'or'", "「または」（or）"},
    {"one-argument", "one argument", "1個"},
    {"two-arguments", "two arguments", "2個"},
    {"list", "a list", "一覧"},
    {"table", "a table", "表"},
    {"condition-test", "the condition", "条件"},
    {"json-object", "an object {…}", "オブジェクト {…}"},
    {"json-array", "a list […]", "配列 […]"},
    {"json-string", "a text \"…\"", "文字列 \"…\""},
    {"json-number", "a number", "数値"},
    {"json-bool", "true/false", "true/false"},
    {"json-null", "null", "null"},
    {"input-yen", "an amount of yen (an integer, or a text such as \"200,000円\")", "円の金額（整数、または \"200,000円\" のような文字列）"},
    {"input-number", "a number (such as 3, 0.5 or \"2/3\")", "数（3、0.5、\"2/3\" など）"},
    {"input-date", "a date as a text, such as \"2025-04-14\"", "\"2025-04-14\" のような日付の文字列"},
    {"input-period", "a period as a text, such as \"2025-04-01..2026-03-31\"", "\"2025-04-01..2026-03-31\" のような期間の文字列"},
    {"input-text", "a text \"…\"", "文字列 \"…\""},
    {"application", "the application", "申請"},
    {"not-a-finite-number", "not a finite number", "有限の数ではありません"},
    {"one-or-two-arguments", "one or two arguments", "1個か2個"},
    {"two-or-more-arguments", "two or more arguments", "2個以上"},
};

inline MessageTemplate const* find_message(std::string_view code) {
    for (auto const& m : message_catalogue)
        if (m.code == code) return &m;
    return nullptr;
}

inline std::string format_message(std::string_view code, Language lang, std::vector<std::string> const& args);

// A whole message standing as an argument of another, formatted in the outer message's language:
// "why 20万万円 is not an amount" inside "$.金額: … is not an amount of yen: …".
inline std::string nested_message(std::string_view code, std::vector<std::string> const& args) {
    std::string out = "!" + std::string(code);
    for (auto const& a : args) out += "\x1f" + a;
    return out;
}

// An argument as it appears in a message: "@key" becomes the term, a nested message (see
// nested_message) is formatted, anything else stays as it is.
inline std::string localize_argument(std::string const& arg, Language lang) {
    if (arg.size() > 1 && arg[0] == '@')
        for (auto const& t : term_catalogue)
            if (t.code == std::string_view(arg).substr(1)) return std::string(lang == Language::ja ? t.ja : t.en);
    if (arg.size() > 1 && arg[0] == '!') {
        std::vector<std::string> parts;
        std::size_t start = 1;
        for (std::size_t i = 1; i <= arg.size(); ++i)
            if (i == arg.size() || arg[i] == '\x1f') {
                parts.push_back(arg.substr(start, i - start));
                start = i + 1;
            }
        std::string const code = parts.front();
        parts.erase(parts.begin());
        if (find_message(code)) return format_message(code, lang, parts);
    }
    return arg;
}

// Substitutes args for {0}, {1}, … in the template of `code` in `lang`.
inline std::string format_message(std::string_view code, Language lang, std::vector<std::string> const& args) {
    MessageTemplate const* m = find_message(code);
    if (!m) return std::string(code);
    std::string_view pattern = lang == Language::ja ? m->ja : m->en;
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' && pattern[i + 1] >= '0' &&
            pattern[i + 1] <= '9') {
            std::size_t index = static_cast<std::size_t>(pattern[i + 1] - '0');
            if (index < args.size()) out += localize_argument(args[index], lang);
            i += 2;
        } else {
            out.push_back(pattern[i]);
        }
    }
    return out;
}

}  // namespace kisoku
