# tests/unit/ruby_vectors.rb: print the Marshal test vectors of check_ruby.c.
# Run with Ruby 3.1 (RubyGems 3.3): ruby tests/unit/ruby_vectors.rb
# Values are built from distinct objects (V, R, D below bypass Gem::Version's
# cache) so that Marshal writes no '@' object links, as Depot's writer does
# not either.
require "rubygems"
def c(s)
  out = +'"'
  n = 0
  prev_hex = false
  s.each_byte do |b|
    if n >= 56
      out << "\"\n\t    \""
      n = 0
      prev_hex = false
    end
    if b >= 0x20 && b < 0x7f && b != 0x22 && b != 0x5c && b != 0x3f
      ch = b.chr
      if prev_hex && ch =~ /[0-9a-fA-F]/
        out << '""'; n += 2
      end
      out << ch; n += 1
      prev_hex = false
    else
      out << format("\\x%02x", b); n += 4
      prev_hex = true
    end
  end
  out << '"'
end
V = ->(s) { v = Gem::Version.allocate; v.instance_variable_set(:@version, s.dup); v }
R = ->(pairs) { r = Gem::Requirement.allocate; r.instance_variable_set(:@requirements, pairs.map { |op, v| [op.dup, V[v]] }); r }
D = ->(name, type, pairs) {
  d = Gem::Dependency.allocate
  d.instance_variable_set(:@name, +name)
  d.instance_variable_set(:@requirement, R[pairs])
  d.instance_variable_set(:@type, type)
  d.instance_variable_set(:@prerelease, false)
  d.instance_variable_set(:@version_requirements, R[pairs])
  d
}
vec = {}
vec["nil"] = Marshal.dump(nil)
vec["true"] = Marshal.dump(true)
vec["false"] = Marshal.dump(false)
[0, 1, 122, 123, 255, 256, -1, -123, -124, -256, -257, 65535, 65536, 1 << 24, (1 << 30) - 1, -(1 << 30)].each { |i| vec["int #{i}"] = Marshal.dump(i) }
vec["str utf8"] = Marshal.dump(+"héllo")
vec["str ascii"] = Marshal.dump((+"UTC").force_encoding("US-ASCII"))
vec["str binary"] = Marshal.dump((+"\x00\xff").force_encoding("BINARY"))
vec["str long"] = Marshal.dump("x" * 300)
vec["syms"] = Marshal.dump([:a, :b, :a, :b])
vec["hash"] = Marshal.dump({ +"k" => +"v" })
vec["version"] = Marshal.dump(V["1.0.0"])
vec["time"] = Marshal.dump(Time.utc(2026, 12, 1))
vec["time 1999"] = Marshal.dump(Time.utc(1999, 1, 31))
vec["specs"] = Marshal.dump([[+"demo", V["1.0.0"], +"ruby"], [+"demo", V["2.0.0.pre.rc1"], +"x86_64-linux"]])
inner = Marshal.dump([
  +"3.3.15", 4, +"demo", V["1.0.0"], Time.utc(2026, 12, 1), +"Hello",
  R[[[">=", "2.7"]]], R[[[">=", "0"]]], +"ruby",
  [D["dep_a", :runtime, [["~>", "1.0"], [">=", "1.0.2"]]], D["rake", :development, [[">=", "0"]]]],
  +"", +"a@example.com", [+"Ann", +"Bob"], +"A longer\ndescription", +"https://example.com",
  true, +"ruby", [+"MIT"], { +"source_code_uri" => +"https://example.com/src" },
])
# The outer record: 'u', the class symbol, the inner dump's length packed as
# Marshal packs integers (its own dump of the length, less "\x04\bi").
outer = "\x04\bu:\x17Gem::Specification".b + Marshal.dump(inner.bytesize).b[3..-1] + inner.b
vec["quick"] = outer
s = Marshal.load(outer)
raise "bad" unless s.name == "demo" && s.dependencies.size == 2 && s.date == Time.utc(2026, 12, 1)
vec.each { |k, v| puts "\t{ #{k.inspect}, #{c(v)}, #{v.bytesize} }," }
