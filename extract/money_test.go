package extract

import (
	"fmt"
	"strings"
	"testing"
)

// am describes one expected match: value, currency, qualifier, flags
// ("c" cumulative, "e" expected, "p" per unit) and the text as written.
type am struct {
	value, cur, qual, flags, text string
}

func (a am) String() string {
	return fmt.Sprintf("%s %s %s [%s] %q", a.value, a.cur, a.qual, a.flags, a.text)
}

func fromMatch(m AmountMatch) am {
	flags := ""
	if m.Amount.Cumulative {
		flags += "c"
	}
	if m.Amount.Expected {
		flags += "e"
	}
	if m.PerUnit {
		flags += "p"
	}
	return am{m.Amount.Value, m.Amount.Currency, m.Amount.Qualifier, flags, m.Amount.Text}
}

func TestFindAmounts(t *testing.T) {
	cases := []struct {
		in   string
		want []am
	}{
		// Arabic digits with multipliers.
		{"预计总签约金额达4.58亿美元", []am{{"458000000", "USD", "exact", "e", "4.58亿美元"}}},
		{"总金额1510万美元", []am{{"15100000", "USD", "exact", "", "1510万美元"}}},
		{"5年来累计签约42.27亿美元", []am{{"4227000000", "USD", "exact", "c", "42.27亿美元"}}},
		{"规模达1.2万亿元", []am{{"1200000000000", "CNY", "exact", "", "1.2万亿元"}}},
		{"投资3000万欧元", []am{{"30000000", "EUR", "exact", "", "3000万欧元"}}},
		{"达成5亿美元采购订单", []am{{"500000000", "USD", "exact", "", "5亿美元"}}},
		{"支付0.1元，只需三步", []am{{"0.1", "CNY", "exact", "", "0.1元"}}},
		{"签署一份价值1亿美元的谅解备忘录", []am{{"100000000", "USD", "exact", "", "1亿美元"}}},
		// Chinese numerals, traditional and mixed.
		{"一百亿美元", []am{{"10000000000", "USD", "exact", "", "一百亿美元"}}},
		{"使得併購價高達二十三億美元", []am{{"2300000000", "USD", "exact", "", "二十三億美元"}}},
		{"承繼美泰格九億六千九百萬美元的債務", []am{{"969000000", "USD", "exact", "", "九億六千九百萬美元"}}},
		{"8千9百萬美元", []am{{"89000000", "USD", "exact", "", "8千9百萬美元"}}},
		{"两亿元", []am{{"200000000", "CNY", "exact", "", "两亿元"}}},
		{"三亿五千万元", []am{{"350000000", "CNY", "exact", "", "三亿五千万元"}}},
		{"一千零五十万元", []am{{"10500000", "CNY", "exact", "", "一千零五十万元"}}},
		{"二〇二〇元", []am{{"2020", "CNY", "exact", "", "二〇二〇元"}}},
		{"28億元人民幣", []am{{"2800000000", "CNY", "exact", "", "28億元人民幣"}}},
		{"壹佰万元", []am{{"1000000", "CNY", "exact", "", "壹佰万元"}}},
		// Full-width digits and thousands separators.
		{"４．５８亿美元", []am{{"458000000", "USD", "exact", "", "４．５８亿美元"}}},
		{"1,510万美元", []am{{"15100000", "USD", "exact", "", "1,510万美元"}}},
		{"1，510万美元", []am{{"15100000", "USD", "exact", "", "1，510万美元"}}},
		{"US$1,250,000", []am{{"1250000", "USD", "exact", "", "US$1,250,000"}}},
		// Qualifiers.
		{"中粮集团签下超百亿美元农产品采购大单", []am{{"10000000000", "USD", "over", "", "百亿美元"}}},
		{"累计签约170多亿元", []am{{"17000000000", "CNY", "over", "c", "170多亿元"}}},
		{"10余亿元", []am{{"1000000000", "CNY", "over", "", "10余亿元"}}},
		{"总额超11亿美元的航空大单", []am{{"1100000000", "USD", "over", "", "11亿美元"}}},
		{"累计签订了超30亿美元的采购意向协议", []am{{"3000000000", "USD", "over", "c", "30亿美元"}}},
		{"投资逾5亿英镑", []am{{"500000000", "GBP", "over", "", "5亿英镑"}}},
		{"5000万美元以上", []am{{"50000000", "USD", "over", "", "5000万美元"}}},
		{"订单总价值接近300亿欧元", []am{{"30000000000", "EUR", "about", "", "300亿欧元"}}},
		{"过去四届进博会中，来伊份现场累计签约金额近6.5亿元", []am{{"650000000", "CNY", "about", "c", "6.5亿元"}}},
		{"签约金额约2亿港元", []am{{"200000000", "HKD", "about", "", "2亿港元"}}},
		{"合约金额10亿美元", []am{{"1000000000", "USD", "exact", "", "10亿美元"}}},
		{"约2亿港元", []am{{"200000000", "HKD", "about", "", "2亿港元"}}},
		{"3亿日元左右", []am{{"300000000", "JPY", "about", "", "3亿日元"}}},
		{"高达20亿美元", []am{{"2000000000", "USD", "exact", "", "20亿美元"}}},
		// Ranges: the lower bound, over.
		{"3亿至5亿美元", []am{{"300000000", "USD", "over", "", "3亿至5亿美元"}}},
		{"金额介于新台币3亿元至4亿元之间", []am{{"300000000", "TWD", "over", "", "新台币3亿元至4亿元"}}},
		{"3亿美元至5亿美元", []am{{"300000000", "USD", "over", "", "3亿美元至5亿美元"}}},
		{"2亿美元至5亿欧元", []am{{"200000000", "USD", "exact", "", "2亿美元"}, {"500000000", "EUR", "exact", "", "5亿欧元"}}},
		{"3-5亿美元", []am{{"300000000", "USD", "over", "", "3-5亿美元"}}},
		// Per-unit prices.
		{"將以每股十七美元的價格併購美泰格，使得併購價高達二十三億美元", []am{
			{"17", "USD", "exact", "p", "十七美元"},
			{"2300000000", "USD", "exact", "", "二十三億美元"},
		}},
		{"大豆每吨500美元", []am{{"500", "USD", "exact", "p", "500美元"}}},
		{"报价300美元/吨", []am{{"300", "USD", "exact", "p", "300美元"}}},
		// Currencies.
		{"5亿澳元", []am{{"500000000", "AUD", "exact", "", "5亿澳元"}}},
		{"5亿加元", []am{{"500000000", "CAD", "exact", "", "5亿加元"}}},
		{"2亿瑞士法郎", []am{{"200000000", "CHF", "exact", "", "2亿瑞士法郎"}}},
		{"1亿新加坡元", []am{{"100000000", "SGD", "exact", "", "1亿新加坡元"}}},
		{"1亿新元", []am{{"100000000", "SGD", "exact", "", "1亿新元"}}},
		{"10亿泰铢", []am{{"1000000000", "THB", "exact", "", "10亿泰铢"}}},
		{"10亿印度卢比", []am{{"1000000000", "INR", "exact", "", "10亿印度卢比"}}},
		{"10亿卢布", []am{{"1000000000", "RUB", "exact", "", "10亿卢布"}}},
		{"10亿韓元", []am{{"1000000000", "KRW", "exact", "", "10亿韓元"}}},
		{"10億新臺幣", []am{{"1000000000", "TWD", "exact", "", "10億新臺幣"}}},
		{"10亿日圆", []am{{"1000000000", "JPY", "exact", "", "10亿日圆"}}},
		{"5億歐元", []am{{"500000000", "EUR", "exact", "", "5億歐元"}}},
		{"5亿美金", []am{{"500000000", "USD", "exact", "", "5亿美金"}}},
		{"人民币5亿元", []am{{"500000000", "CNY", "exact", "", "人民币5亿元"}}},
		{"港币5亿元", []am{{"500000000", "HKD", "exact", "", "港币5亿元"}}},
		{"RMB 500万", []am{{"5000000", "CNY", "exact", "", "RMB 500万"}}},
		{"¥300万", []am{{"3000000", "CNY", "exact", "", "¥300万"}}},
		{"€2.5亿", []am{{"250000000", "EUR", "exact", "", "€2.5亿"}}},
		{"HK$8亿", []am{{"800000000", "HKD", "exact", "", "HK$8亿"}}},
		{"$17", []am{{"17", "USD", "exact", "", "$17"}}},
		// Flags.
		{"历届进博会意向成交额达3000亿美元", []am{{"300000000000", "USD", "exact", "c", "3000亿美元"}}},
		{"有望签约10亿美元", []am{{"1000000000", "USD", "exact", "e", "10亿美元"}}},
		{"展商共成功签署价值5.05亿美元的交易", []am{{"505000000", "USD", "exact", "", "5.05亿美元"}}},
		{"2019年来华投资5亿美元", []am{{"500000000", "USD", "exact", "", "5亿美元"}}},
		// Several in one sentence.
		{"1760万美元、10份合作意向和技术设备进口合同，总金额1510万美元", []am{
			{"17600000", "USD", "exact", "", "1760万美元"},
			{"15100000", "USD", "exact", "", "1510万美元"},
		}},
		// Not money.
		{"中国购买300架空客飞机", nil},
		{"来自140多个国家和地区", nil},
		{"4400多家企业参展", nil},
		{"展台面积300平方米", nil},
		{"2020年11月5日", nil},
		{"第五届进博会", nil},
		{"290架A320系列以及10架A350XWB系列机型", nil},
		{"数十亿美元", nil},
		{"十几亿元", nil},
		{"美元升值", nil},
		{"万科集团", nil},
		{"个性化和多元化趋势，统一元首", nil},
		{"签订2项协议", nil},
		{"", nil},
	}
	n := 0
	for _, c := range cases {
		var got []am
		for _, m := range FindAmounts(c.in) {
			if c.in[m.Start:m.End] != m.Amount.Text {
				t.Errorf("%q: span [%d,%d) is %q, text %q", c.in, m.Start, m.End, c.in[m.Start:m.End], m.Amount.Text)
			}
			got = append(got, fromMatch(m))
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("FindAmounts(%q)\n got %v\nwant %v", c.in, got, c.want)
		}
		n++
	}
	if n < 40 {
		t.Errorf("only %d cases", n)
	}
}

func TestAmountValueFormat(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0.10元", "0.1"}, {"1.50亿元", "150000000"}, {"0.0001万元", "1"}, {"12.345元", "12.345"}, {"100元", "100"},
	} {
		ms := FindAmounts(c.in)
		if len(ms) != 1 || ms[0].Amount.Value != c.want || strings.ContainsAny(ms[0].Amount.Value, "eE") {
			t.Errorf("FindAmounts(%q) = %+v, want value %s", c.in, ms, c.want)
		}
	}
}
