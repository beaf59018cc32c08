#ifndef rolecall_bench_Results_INCLUDED
#define rolecall_bench_Results_INCLUDED

#include <algorithm>
#include <cstddef>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace rolecall::bench
{

/// Measurements of one kind, for percentiles in a load generator's report.
struct Samples
{
    std::vector<double> values;
    bool sorted = true;

    void add(double v)
    {
        values.push_back(v);
        sorted = false;
    }
    /// Nearest-rank percentile; -1 when there is no sample.
    double pct(double p)
    {
        if (values.empty())
            return -1;
        if (!sorted)
            std::sort(values.begin(), values.end());
        sorted = true;
        std::size_t rank = static_cast<std::size_t>(p / 100.0 * values.size() + 0.999999);
        rank = std::min(std::max<std::size_t>(rank, 1), values.size());
        return values[rank - 1];
    }
    double max() const
    {
        return values.empty() ? -1 : *std::max_element(values.begin(), values.end());
    }
};

/// Counts as one word for a result line: "a=1,b=2", or "-" when empty.
inline std::string countsWord(const std::map<std::string, long>& counts)
{
    std::string word;
    for (const auto& [what, count] : counts)
        word += (word.empty() ? "" : ",") + what + "=" + std::to_string(count);
    return word.empty() ? "-" : word;
}

/// A "result KEY VALUE" line on stdout, which the bench scripts read (VALUE is
/// one word).
template <typename T> void result(const std::string& key, const T& value)
{
    std::cout << "result " << key << " " << value << "\n";
}

} // namespace rolecall::bench

#endif
