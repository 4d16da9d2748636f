#pragma once
// Bad input is reported the same way everywhere: the field, the value that was
// given and what is allowed. The CLI prints what() on one line and exits with
// ExitCode::BadInput; the window shows it beside the field.

#include <stdexcept>
#include <string>

namespace oversub {

class InputError : public std::runtime_error {
public:
    InputError(std::string field, std::string value, std::string allowed)
        : std::runtime_error(format(field, value, allowed)), field_(std::move(field)), value_(std::move(value)),
          allowed_(std::move(allowed)) {}

    // For messages that do not fit the field/value/allowed shape
    // (e.g. "cpu 9 is not on this machine (PUs 0-1)").
    InputError(std::string field, const std::string& message)
        : std::runtime_error(field.empty() ? message : field + ": " + message), field_(std::move(field)) {}

    const std::string& field() const { return field_; }
    const std::string& value() const { return value_; }
    const std::string& allowed() const { return allowed_; }

private:
    static std::string format(const std::string& field, const std::string& value, const std::string& allowed) {
        return field + ": '" + value + "' is not allowed (allowed: " + allowed + ")";
    }
    std::string field_, value_, allowed_;
};

} // namespace oversub
