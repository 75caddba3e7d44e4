// `kmsite theme export [DIR]`: the theme built into kmsite written out as
// files, for a site that wants its own copy to edit (render/embedded_theme.h).
#include <sys/stat.h>

#include <cstdio>

#include "cli/commands.h"
#include "core/core.h"
#include "render/embedded_theme.h"

namespace kmsite::cli {

int run_theme_export(const ThemeExportOptions& options) {
    return guarded([&] {
        const std::string dir = options.dir.empty() ? "themes/default" : options.dir;
        std::vector<std::string> existing;
        for (const auto& file : render::embedded_theme()) {
            std::string path = dir + "/" + std::string(file.path);
            struct stat st {};
            if (::lstat(path.c_str(), &st) == 0) existing.push_back(path);
        }
        if (!existing.empty() && !options.force) {
            std::string list;
            for (std::size_t i = 0; i < existing.size() && i < 5; ++i)
                list += "\n  " + terminal_safe(existing[i]);
            if (existing.size() > 5) list += "\n  ...";
            throw EnvironmentError(
                std::to_string(existing.size()) + " file(s) of the theme are already in " +
                terminal_safe(dir) + ":" + list +
                "\nnothing was written; move them away, or add --force to replace them / "
                "มีไฟล์ธีมอยู่แล้ว ไม่ได้เขียนทับ ย้ายไฟล์ออกก่อน หรือใช้ --force เพื่อเขียนทับ");
        }
        std::size_t written = 0;
        for (const auto& file : render::embedded_theme()) {
            std::string path = dir + "/" + std::string(file.path);
            if (!write_file(path, file.data))
                throw EnvironmentError("cannot write " + terminal_safe(path) +
                                       " / เขียนไฟล์ไม่ได้ ตรวจสิทธิ์ของโฟลเดอร์");
            ++written;
        }
        std::printf(
            "kmsite: wrote the built-in theme (%zu files) to %s\n"
            "  Edit any of them: a site's file replaces the built-in one of the same path.\n"
            "  Delete those you do not change, and kmsite keeps using its own (they stay up to "
            "date with kmsite).\n"
            "  เขียนธีมในตัวลงโฟลเดอร์แล้ว แก้ไขไฟล์ใดก็ได้ ไฟล์ของเว็บไซต์ใช้แทนไฟล์ในตัวที่ชื่อเดียวกัน "
            "ไฟล์ที่ไม่ได้แก้ให้ลบทิ้ง ระบบจะใช้ไฟล์ในตัวซึ่งปรับปรุงตามรุ่นของ kmsite\n",
            written, terminal_safe(dir).c_str());
        return 0;
    });
}

}  // namespace kmsite::cli
