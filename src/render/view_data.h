// Private to the render stage: the data a template sees, with a fingerprint.
//
// A document's HTML is a pure function of its templates and of the data the
// view builders hand them, so the data's fingerprint, with the templates',
// is a cache key that cannot miss a dependency: whatever a view reads (a
// page's title, a menu, the newest change's year, a picture's size) is in
// its data, or the template could not show it. Every value goes through
// set() or push_back(), which fold it into the node's fingerprint (XXH3-128
// over tagged, length-prefixed parts); the kainjow tree is built alongside.
#pragma once

#include <kainjow/mustache.hpp>
#include <string>

#include "core/core.h"

namespace kmsite::render {

class data {
  public:
    using raw_type = kainjow::mustache::data;
    enum class type { object, list };

    data() : raw_(raw_type::type::object) { acc_ = 'o'; }
    explicit data(type t)
        : raw_(t == type::list ? raw_type::type::list : raw_type::type::object) {
        acc_ = t == type::list ? 'l' : 'o';
    }
    data(const std::string& text) : raw_(text), leaf_(true) { add_text('s', text); }
    data(std::string&& text) : leaf_(true) {
        add_text('s', text);
        raw_ = raw_type(std::move(text));
    }
    data(const char* text) : data(std::string(text)) {}

    void set(const std::string& key, const data& value) {
        add_text('k', key);
        add_digest(value.fingerprint());
        raw_.set(key, value.raw_);
    }
    void set(const std::string& key, data&& value) {
        add_text('k', key);
        add_digest(value.fingerprint());
        raw_[key] = std::move(value.raw_);  // kainjow's set() would copy the subtree
    }
    void set(const std::string& key, const std::string& text) { set(key, data(text)); }
    void set(const std::string& key, std::string&& text) { set(key, data(std::move(text))); }
    void set(const std::string& key, const char* text) { set(key, data(std::string(text))); }
    void set(const std::string& key, bool value) {
        add_text('k', key);
        acc_ += value ? 'T' : 'F';
        raw_.set(key, raw_type(value));
    }
    void push_back(const data& value) {
        add_digest(value.fingerprint());
        raw_.push_back(value.raw_);
    }
    void push_back(data&& value) {
        add_digest(value.fingerprint());
        // kainjow's push_back() copies; its list is a plain vector we own.
        const_cast<kainjow::mustache::basic_list<std::string>&>(raw_.list_value())
            .push_back(std::move(value.raw_));
    }

    // d["key"] = value, as with kainjow's data.
    struct Slot {
        data& owner;
        std::string key;
        void operator=(data&& value) { owner.set(key, std::move(value)); }
        void operator=(const data& value) { owner.set(key, value); }
    };
    Slot operator[](const std::string& key) { return Slot{*this, key}; }

    const raw_type& raw() const { return raw_; }
    Digest fingerprint() const { return digest(acc_); }

  private:
    void add_text(char tag, std::string_view text) {
        acc_ += tag;
        add_digest(text.size() > 32 ? digest(text) : Digest{text.size(), 0});
        if (text.size() <= 32) acc_.append(text);
    }
    void add_digest(const Digest& d) {
        acc_.append(reinterpret_cast<const char*>(&d.hi), sizeof d.hi);
        acc_.append(reinterpret_cast<const char*>(&d.lo), sizeof d.lo);
    }

    raw_type raw_;
    bool leaf_ = false;
    std::string acc_;  // the parts, in order; fingerprint() digests them
};

}  // namespace kmsite::render
