#include "seeds/seed_text.hpp"

#include "domain/validation.hpp"

namespace brobygger::seeds {

using domain::foldCase;

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

std::string slug(const std::string& text) {
  std::string folded = foldCase(text);
  folded = replaceAll(folded, "æ", "ae");
  folded = replaceAll(folded, "ø", "oe");
  folded = replaceAll(folded, "å", "aa");
  folded = replaceAll(folded, "é", "e");
  folded = replaceAll(folded, "ö", "oe");
  folded = replaceAll(folded, "ü", "ue");
  std::string out;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 40);
}

std::string validCvr(Random& random) {
  static constexpr int kWeights[] = {2, 7, 6, 5, 4, 3, 2, 1};
  while (true) {
    std::string cvr;
    int sum = 0;
    for (int i = 0; i < 7; ++i) {
      const int digit = i == 0 ? 1 + static_cast<int>(random.below(9)) : static_cast<int>(random.below(10));
      cvr.push_back(static_cast<char>('0' + digit));
      sum += digit * kWeights[i];
    }
    const int check = (11 - sum % 11) % 11;  // the last weight is 1
    if (check == 10) continue;
    cvr.push_back(static_cast<char>('0' + check));
    return cvr;
  }
}

std::string phone(Random& random) {
  std::string digits = std::to_string(2 + random.below(8));
  for (int i = 0; i < 7; ++i) digits += std::to_string(random.below(10));
  return digits;
}

}  // namespace brobygger::seeds
