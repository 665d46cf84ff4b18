package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	testX    *Extractor
	testXErr error
	testOnce sync.Once
)

// extractor returns one Extractor for the whole test binary: loading the
// dictionary takes seconds.
func extractor(t testing.TB) *Extractor {
	t.Helper()
	testOnce.Do(func() { testX, testXErr = New(Options{}) })
	if testXErr != nil {
		t.Fatal(testXErr)
	}
	return testX
}

func run(t *testing.T, text string) Facts {
	t.Helper()
	f, err := extractor(t).Extract(context.Background(), Document{IRI: "urn:test", Name: "test", Raw: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// view is a readable digest of Facts for assertions.
type view struct {
	orgs, people, countries map[string]bool
	rels                    map[string]bool // "from predicate to" by names
	deals                   []string        // "buyer>partner1,partner2 amount currency qualifier"
}

func digest(f Facts) view {
	v := view{orgs: map[string]bool{}, people: map[string]bool{}, countries: map[string]bool{}, rels: map[string]bool{}}
	name := map[string]string{}
	for _, e := range f.Entities {
		name[e.ID] = e.Name
		switch e.Kind {
		case Organization:
			v.orgs[e.Name] = true
		case Person:
			v.people[e.Name+"|"+e.JobTitle] = true
		case Country:
			v.countries[e.Name] = true
		}
	}
	for _, r := range f.Relations {
		v.rels[name[r.From]+" "+string(r.Predicate)+" "+name[r.To]] = true
	}
	for _, d := range f.Deals {
		var ps []string
		for _, p := range d.Partners {
			ps = append(ps, name[p])
		}
		for _, c := range d.Countries {
			ps = append(ps, "@"+name[c])
		}
		s := name[d.Buyer] + ">" + strings.Join(ps, ",")
		if d.Amount != nil {
			s += " " + d.Amount.Value + " " + d.Amount.Currency + " " + d.Amount.Qualifier
		}
		v.deals = append(v.deals, s)
	}
	sort.Strings(v.deals)
	return v
}

func TestOrganizations(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
		not        []string
	}{
		{"legal form", "记者了解到，江西赣锋锂业股份有限公司与澳大利亚一家矿企签署了供货协议。", []string{"江西赣锋锂业股份有限公司"}, nil},
		{"group with place prefix", "会上，湖南长沙远景电子集团采购了一批检测设备。", []string{"湖南长沙远景电子集团"}, nil},
		{"country prefix split off", "该公司与意大利菲卡机械股份公司签订了合作协议。", []string{"菲卡机械股份公司"}, []string{"意大利菲卡机械股份公司"}},
		{"descriptor before the name", "参展企业宁波凯达贸易有限公司展出了多款产品。", []string{"宁波凯达贸易有限公司"}, []string{"参展企业宁波凯达贸易有限公司"}},
		{"bracketed place", "深圳前海新橙(深圳)科技有限公司与多家企业签约。", []string{"新橙(深圳)科技有限公司"}, nil},
		{"no generic company", "我们这样的外贸代理公司受益良多。", nil, []string{"外贸代理公司"}},
		{"gazetteer name", "西门子在展会上推出新品。", []string{"西门子"}, nil},
		{"企业 before a legal form is part of the name", "山东鲁丰粮油企业股份有限公司与一家澳大利亚企业签署协议。", []string{"山东鲁丰粮油企业股份有限公司"}, nil},
		{"企业 and 发展 before a legal form", "宁波东海企业发展有限公司与韩国一家钢厂签署采购框架协议。", []string{"宁波东海企业发展有限公司"}, nil},
		{"a 企业 name starting with a verb-like word", "统一企业股份有限公司与泰国暹罗乳品公司签约。", []string{"统一企业股份有限公司", "暹罗乳品公司"}, nil},
		{"a deal verb before 企业 is no name", "公司计划收购企业股份有限公司的股权。", nil, []string{"收购企业股份有限公司", "企业股份有限公司"}},
		{"a name starts after 全资子公司", "浙江恒泰贸易股份有限公司是一家外贸企业。恒泰贸易全资子公司恒泰贸易（香港）有限公司与一家德国企业签约。",
			[]string{"恒泰贸易（香港）有限公司"}, []string{"恒泰贸易全资子公司", "恒泰贸易全资子公司恒泰贸易（香港）有限公司"}},
		{"a place and industry words with a legal form name a company", "中国中车旗下大连机车车辆有限公司与一家哈萨克斯坦企业签约。", []string{"大连机车车辆有限公司"}, nil},
		{"an industry verb before 公司 (种植, 储能)", "海丝贸易发展（新加坡）有限公司与马来西亚森那美种植公司签署合资协议。", []string{"森那美种植公司"}, nil},
		{"联合 before a place is a verb", "中国五矿集团有限公司发布消息称，由其牵头，联合湖南恒泰矿业投资有限公司组成财团。", []string{"湖南恒泰矿业投资有限公司"}, []string{"联合湖南恒泰矿业投资有限公司"}},
		{"a description of several words", "锦澜时尚已与英国私募基金泰晤士资本合伙公司达成协议。", []string{"泰晤士资本合伙公司"}, []string{"私募基金泰晤士资本合伙公司"}},
		{"a shareholder is described, not named", "公司控股股东浙江恒泰控股集团有限公司拟增持股份。", []string{"浙江恒泰控股集团有限公司"}, []string{"控股股东浙江恒泰控股集团有限公司"}},
		{"（集团） inside a name", "海峡航运与沪东中华造船（集团）有限公司签约。", []string{"沪东中华造船（集团）有限公司"}, nil},
		{"a bracketed Latin name after words that read like a description", "本地船东环球航运集团（Global Shipping Group）昨天宣布订造新船。", []string{"环球航运集团"}, nil},
		{"a name cut at 和 stays generic even before a Latin name", "沙特国际电力和水务公司（ACWA Power）与一家中国企业签约。", nil, []string{"水务公司"}},
		{"a name ending in 控股公司", "新港能源控股公司与一家德国企业签约。", []string{"新港能源控股公司"}, nil},
		{"控股 after a legal form is a verb", "江西绿源镍业有限公司由浙江华越发展股份有限公司控股。", []string{"浙江华越发展股份有限公司"}, []string{"浙江华越发展股份有限公司控股"}},
		{"verb-like name with a place", "江苏远航贸易有限公司与一家德国企业签署采购协议。", []string{"江苏远航贸易有限公司"}, nil},
		{"verb-like name after a preposition", "该协议由远航贸易有限公司与买方签署。", []string{"远航贸易有限公司"}, nil},
		{"verb-like name opening the sentence", "腾飞科技有限公司宣布采购一批机床。", []string{"腾飞科技有限公司"}, nil},
		{"a deal verb is no name", "公司计划收购贸易有限公司。", nil, []string{"收购贸易有限公司", "贸易有限公司"}},
		{"Latin name with a multi-word legal form", "墨西哥Grupo Comercial Vega S.A. de C.V.采购了一批灯具。", []string{"Grupo Comercial Vega S.A. de C.V."}, []string{"Grupo Comercial Vega S.A"}},
		{"Latin name ending in a dot before Chinese", "英国Thornbury Plant Hire Ltd.与一家中国企业签约。", []string{"Thornbury Plant Hire Ltd."}, []string{"Thornbury Plant Hire Ltd"}},
		{"Latin legal form in lower case", "波兰Dom-Tech Sp. z o.o.向美的集团采购空调。", []string{"Dom-Tech Sp. z o.o."}, nil},
		{"Latin name in brackets is the same company", "中材国际与沙特哈伊勒水泥公司（Hail Cement Company）签署合同。", []string{"哈伊勒水泥公司"}, []string{"Hail Cement Company"}},
		{"Latin name with accented letters after Chinese", "公司与子公司MVM Zöld Energia Kft.商讨成立合资公司。", []string{"MVM Zöld Energia Kft."}, []string{"Zöld Energia Kft."}},
		{"full-name declaration", "追光储能全称深圳追光储能科技股份有限公司，证券简称“追光储能”。", []string{"深圳追光储能科技股份有限公司"}, []string{"储能全称深圳追光储能科技股份有限公司"}},
		{"verb after a place starts the name", "宁德时代与深圳追光储能科技股份有限公司签署协议。", []string{"深圳追光储能科技股份有限公司"}, []string{"储能科技股份有限公司"}},
		{"transliterated name with a dot", "沙特阿卜杜拉·哈马德贸易公司采购了太阳能路灯。", []string{"阿卜杜拉·哈马德贸易公司"}, []string{"哈马德贸易公司"}},
		{"bank branch", "国家开发银行江西省分行行长刘振华表示，合作很好。", []string{"国家开发银行江西省分行"}, nil},
		{"a preposition glued to the name", "根据协议，淡水河谷公司将每年向山钢集团供应约800万吨铁矿石。", []string{"山钢集团"}, []string{"向山钢集团"}},
		{"a counted company is no name", "一家发展贸易有限公司采购机床。", nil, []string{"发展贸易有限公司"}},
		{"counted associations are not names", "共有17个行业协会参加。", nil, []string{"17个行业协会", "个行业协会", "行业协会"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := digest(run(t, c.text))
			for _, w := range c.want {
				found := false
				for o := range v.orgs {
					if strings.HasSuffix(o, w) || o == w {
						found = true
					}
				}
				if !found {
					t.Errorf("want organization %q, got %v", w, keys(v.orgs))
				}
			}
			for _, n := range c.not {
				if v.orgs[n] {
					t.Errorf("did not want organization %q (got %v)", n, keys(v.orgs))
				}
			}
		})
	}
}

// TestVisitorsAreNoOrigin: 来自X的采购商 says where buyers come from, not
// where the goods do (来自越南的大米).
func TestVisitorsAreNoOrigin(t *testing.T) {
	v := digest(run(t, "展会首日，江苏远航贸易有限公司展位前人头攒动，来自墨西哥、沙特阿拉伯和波兰的采购商排队洽谈采购。"))
	for _, d := range v.deals {
		if strings.Contains(d, "@") {
			t.Errorf("a deal with the buyers' countries as origins: %q", d)
		}
	}
	v = digest(run(t, "来自越南、老挝的优质大米被装进宁波凯达贸易有限公司的“购物车”。"))
	if len(v.deals) == 0 || !strings.Contains(strings.Join(v.deals, " "), "@越南") {
		t.Errorf("goods from 越南: want it as an origin, got %q", v.deals)
	}
}

// TestOwnedBy: X由Y控股 makes Y the parent of X, also through X's short form.
func TestOwnedBy(t *testing.T) {
	v := digest(run(t, "江西绿源镍业有限公司是一家冶炼企业。绿源镍业由浙江华越发展股份有限公司控股。"))
	if want := "江西绿源镍业有限公司 parentOrganization 浙江华越发展股份有限公司"; !hasPrefixKey(v.rels, want) {
		t.Errorf("want %s, got %v", want, keys(v.rels))
	}
}

// TestWhollyOwnedBy: X全资子公司Y makes X the parent of Y.
func TestWhollyOwnedBy(t *testing.T) {
	v := digest(run(t, "浙江恒泰贸易股份有限公司是一家外贸企业。恒泰贸易全资子公司恒泰贸易（香港）有限公司与一家德国企业签约。"))
	if want := "恒泰贸易（香港）有限公司 parentOrganization 浙江恒泰贸易股份有限公司"; !hasPrefixKey(v.rels, want) {
		t.Errorf("want %s, got %v", want, keys(v.rels))
	}
}

// TestBracketedSubsidiary: 巴斯夫（中国）有限公司 is based in China and
// belongs to the company its brand names.
func TestBracketedSubsidiary(t *testing.T) {
	v := digest(run(t, "德国博睿集团与江苏远航贸易有限公司签署协议。博睿（中国）有限公司将负责项目执行。"))
	for _, want := range []string{"博睿（中国）有限公司 parentOrganization 博睿集团", "博睿（中国）有限公司 country 中国"} {
		if !hasPrefixKey(v.rels, want) {
			t.Errorf("want %s, got %v", want, keys(v.rels))
		}
	}
}

func TestAliases(t *testing.T) {
	f := run(t, "中国远洋海运集团有限公司(以下简称“中远海运”)与马士基签署合作协议。中远海运表示，双方将深化合作。")
	var ids []string
	for _, e := range f.Entities {
		if e.Kind == Organization && (e.Name == "中国远洋海运集团有限公司" || contains(e.AltNames, "中远海运")) {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("want one node for 中远海运 and its full name, got %v", ids)
	}
	// short forms: 来宝特 for 上海来宝特食品股份有限公司
	v := digest(run(t, "上海来宝特食品股份有限公司今年再次参展。来宝特总裁王明说，公司签约金额创新高。"))
	if !v.rels["王明 worksFor 上海来宝特食品股份有限公司"] {
		t.Errorf("short form not resolved: %v", keys(v.rels))
	}
}

func TestCountries(t *testing.T) {
	v := digest(run(t, "来自泰国、印尼和沙特的客商参加了展会，他们与马里奥公司洽谈。"))
	for _, c := range []string{"泰国", "印度尼西亚", "沙特阿拉伯"} {
		if !v.countries[c] {
			t.Errorf("want country %s, got %v", c, keys(v.countries))
		}
	}
	if v.countries["马里"] {
		t.Errorf("马里 found inside 马里奥: %v", keys(v.countries))
	}
	// a place in Taiwan before a name: based in Taiwan, not in China
	v = digest(run(t, "台中精扬机械股份有限公司昨日宣布获得一笔订单。"))
	if !hasPrefixKey(v.rels, "台中精扬机械股份有限公司 country 台湾") || hasPrefixKey(v.rels, "台中精扬机械股份有限公司 country 中国") {
		t.Errorf("want 台中精扬机械股份有限公司 based in 台湾 only, got %v", keys(v.rels))
	}
	// a country written right before a Latin name is its home
	v = digest(run(t, "墨西哥Grupo Comercial Vega S.A. de C.V.采购了一批灯具。"))
	if !hasPrefixKey(v.rels, "Grupo Comercial Vega S.A. de C.V. country 墨西哥") {
		t.Errorf("want Grupo Comercial Vega S.A. de C.V. based in 墨西哥, got %v", keys(v.rels))
	}
	// a quoted Chinese name with its Latin name in brackets is one company,
	// from the country its description names (德州 is no Chinese city here)
	f0 := run(t, "江苏远航贸易有限公司与美国液化天然气开发商「德州蓝星能源公司」（Lone Star Energy LLC）签署合约。")
	v = digest(f0)
	if v.orgs["Lone Star Energy LLC"] {
		t.Errorf("the bracketed Latin name became a second company: %v", keys(v.orgs))
	}
	if !hasPrefixKey(v.rels, "德州蓝星能源公司 country 美国") {
		t.Errorf("want 德州蓝星能源公司 based in 美国, got %v", keys(v.rels))
	}
	// or a country and a description of the company
	v = digest(run(t, "美的集团与波兰家电零售商Dom-Tech Sp. z o.o.签署空调供货协议。"))
	if !hasPrefixKey(v.rels, "Dom-Tech Sp. z o.o. country 波兰") {
		t.Errorf("want Dom-Tech Sp. z o.o. based in 波兰, got %v", keys(v.rels))
	}
	f := run(t, "惠而浦与美國公司簽約。")
	for _, e := range f.Entities {
		if e.Kind == Country && e.Name == "美国" && !contains(e.AltNames, "美國") {
			t.Errorf("traditional form not kept as alternate name: %v", e.AltNames)
		}
	}
}

func TestPeople(t *testing.T) {
	cases := []struct {
		text string
		want []string // "name|title"
		rels []string
	}{
		{"中国中车党委书记、董事长孙永才在签约现场表示，合作前景广阔。", []string{"孙永才|党委书记、董事长"}, []string{"孙永才 worksFor 中国中车"}},
		{"“我们很满意。”宁波凯达贸易有限公司总经理陈晓峰说。", []string{"陈晓峰|总经理"}, []string{"陈晓峰 worksFor 宁波凯达贸易有限公司"}},
		{"巴斯夫大中华区总裁兼首席执行官蒙翰德介绍，今年展台面积更大。", []string{"蒙翰德|大中华区总裁兼首席执行官"}, []string{"蒙翰德 worksFor 巴斯夫"}},
		{"法国总统马克龙出席了仪式。", []string{"马克龙|总统"}, nil},
		{"本报记者  王  静　　进博会开幕。", []string{"王静|记者"}, nil},
		// a one-character verb after a name the segmenter reads as a name
		{"浙江远航化工有限公司与恒远签约。远航化工总经理马建华持相同看法。", []string{"马建华|总经理"}, []string{"马建华 worksFor 浙江远航化工有限公司"}},
		// a name does not take the first character of 认为
		{"华晟证券有限公司分析师刘畅认为，本次交易对价合理。", []string{"刘畅|分析师"}, []string{"刘畅 worksFor 华晟证券有限公司"}},
		{"青岛海关副关长赵明介绍，大宗商品进口保持活跃。", []string{"赵明|副关长"}, nil},
		{"淡水河谷中国区总裁费尔南多·卡瓦略在签约仪式上表示，合作很好。", []string{"费尔南多·卡瓦略|中国区总裁"}, nil},
		{"嘉吉中国区总裁托马斯·黑尔表示，巴西大豆今年丰收。", []string{"托马斯·黑尔|中国区总裁"}, nil},
		// a company's China region is part of the title, not an employer
		{"“这是第一步。”诺和诺德中国区高级副总裁卡斯珀·延森说。", []string{"卡斯珀·延森|中国区高级副总裁"}, []string{"卡斯珀·延森 worksFor 诺和诺德"}},
		// a closing credit without a colon
		{"展会昨日开幕。\n\n宁波凯达贸易有限公司与一家泰国企业签约；此外，福耀玻璃工业集团股份有限公司公告获得订单。（本报记者 周文涛 整理）", []string{"周文涛|记者"}, nil},
		// the short form of a 企业 name drops 企业 (鲁丰粮油企业 → 鲁丰粮油)
		{"山东鲁丰粮油企业股份有限公司与一家澳大利亚企业签约。“今年品质很好。”鲁丰粮油采购部部长高建军说。", []string{"高建军|采购部部长"}, []string{"高建军 worksFor 山东鲁丰粮油企业股份有限公司"}},
		{"丹巴塔建筑集团采购总监奥卢塞贡·阿德耶米告诉记者，设备性价比高。", []string{"奥卢塞贡·阿德耶米|采购总监"}, []string{"奥卢塞贡·阿德耶米 worksFor 丹巴塔建筑集团"}},
		// a short form that is also a word (好运来) names the company before a title
		{"中山市好运来灯饰有限公司参加广交会。好运来总经理梁志斌说，订单很多。", []string{"梁志斌|总经理"}, []string{"梁志斌 worksFor 中山市好运来灯饰有限公司"}},
		// closing credits, also cut at their semicolon by the splitter
		{"远航贸易有限公司与德国博睿机械股份公司签署采购协议。\n（作者：Jiyoung Park；编辑：周晗）", []string{"Jiyoung Park|作者", "周晗|编辑"}, nil},
		{"远航贸易有限公司与德国博睿机械股份公司签署采购协议。\n（编輯：張雅婷）", []string{"张雅婷|编辑"}, nil},
		// a Latin name without its legal form is its short form
		{"德国Elbe Hafentechnik GmbH订购了两台起重机。Elbe Hafentechnik采购总监托马斯·里希特说，交货很快。", []string{"托马斯·里希特|采购总监"}, []string{"托马斯·里希特 worksFor Elbe Hafentechnik GmbH"}},
		// interview transcripts: NAME（ORGANIZATION TITLE）：
		{"许文涛（江苏远航电子有限公司董事长）：整体比去年好。", []string{"许文涛|董事长"}, []string{"许文涛 worksFor 江苏远航电子有限公司"}},
		{"陈曦（途远总裁）：途远主要做户外电源。", []string{"陈曦|总裁"}, []string{"陈曦 worksFor 途远"}},
		{"安德斯·林德伯格（诺德维克首席执行官）：我们是一家瑞典企业。", []string{"安德斯·林德伯格|首席执行官"}, []string{"安德斯·林德伯格 worksFor 诺德维克"}},
	}
	for _, c := range cases {
		v := digest(run(t, c.text))
		for _, w := range c.want {
			if !v.people[w] {
				t.Errorf("%s: want person %s, got %v", c.text, w, keys(v.people))
			}
		}
		for _, r := range c.rels {
			if !hasPrefixKey(v.rels, r) {
				t.Errorf("%s: want %s, got %v", c.text, r, keys(v.rels))
			}
		}
	}
}

func TestDeals(t *testing.T) {
	cases := []struct {
		name, text string
		want       string // a deal in digest form that must be present
	}{
		{"with list and amount", "中国华能与西门子、通用电气等公司累计签订了超20亿美元的采购协议。",
			"中国华能集团有限公司>西门子,通用电气 2000000000 USD over"},
		{"chinese side buys from the foreign one", "美国嘉吉公司与江苏苏垦农发股份有限公司签署一份价值2亿美元的大豆采购协议。",
			"江苏苏垦农发股份有限公司>嘉吉 200000000 USD exact"},
		{"acquisition object", "青岛海尔宣布以55.8亿美元收购通用电气家电业务，交易预计年内完成。",
			">通用电气 5580000000 USD exact"},
		{"origins of goods", "来自越南、老挝的优质大米被装进宁波凯达贸易有限公司的“购物车”。",
			"宁波凯达贸易有限公司>@越南,@老挝"},
		{"we in a quote is the speaker's company", "浙江华友钴业股份有限公司总经理陈雪华第三次参加进博会。“我们已经和澳大利亚力拓等公司达成采购意向，总金额3000万美元。”陈雪华说。",
			"浙江华友钴业股份有限公司>力拓 30000000 USD exact"},
		{"this order refers back", "空中客车公司宣布与中国航空器材集团公司签署采购协议。这笔订单总价值接近100亿欧元。",
			"中国航空器材集团公司>空中客车 10000000000 EUR about"},
		{"per-share price is no deal value", "惠而浦公司宣布将以每股二十美元的价格收购美泰格，收购价高达二十亿美元。",
			">美泰格 2000000000 USD exact"},
		{"we sign a supply contract: the other side buys", "许文涛（江苏远航电子有限公司董事长）：整体比去年好。上个月，我们与德国Elektro Brandt GmbH签下一份智能电表供货合同，合同金额2600万欧元。",
			"Elektro Brandt GmbH>江苏远航电子有限公司 26000000 EUR exact"},
		{"a trader word between 与 and the partner", "福懋油脂股份有限公司则与美国谷物商邦吉签约，金额约3.6亿美元。",
			"福懋油脂股份有限公司>邦吉 360000000 USD about"},
		{"a retailer named as such is the buyer", "美的集团在展会首日与波兰家电零售商Dom-Tech Sp. z o.o.签署空调供货协议，订单金额约450万欧元。",
			"Dom-Tech Sp. z o.o.>美的集团 4500000 EUR about"},
		{"从X订购: X sells", "秘鲁安第斯运输公司日前从金龙联合汽车工业有限公司订购80辆电动大巴，总价约4000万美元。",
			"安第斯运输公司>金龙联合汽车工业有限公司 40000000 USD about"},
		{"后者将采购: the second party buys", "三一重工股份有限公司与越南红河建设公司签署设备合同，后者将采购三一挖掘机60台，合同金额约2000万美元。",
			"红河建设公司>三一重工股份有限公司 20000000 USD about"},
		{"为其提供: the second party buys", "中联重科股份有限公司与印尼泗水港务公司签约，为其提供12台门座起重机，合同金额1.8亿元人民币。",
			"泗水港务公司>中联重科股份有限公司 180000000 CNY exact"},
		{"a takeover's target before 与 the seller", "江苏恒泰机械股份有限公司公告，公司决定终止以2亿欧元收购意大利维纳托阀门有限公司全部股权的交易，并已与卖方维纳托控股集团签署终止协议。",
			"江苏恒泰机械股份有限公司>维纳托阀门有限公司,维纳托控股集团 200000000 EUR exact"},
		{"X向其采购: X buys from the company named before", "台中恒泰机械股份有限公司昨日宣布，墨西哥瓜达拉哈拉零件公司向其采购数控车床60台，合约金额2000万美元。",
			"瓜达拉哈拉零件公司>台中恒泰机械股份有限公司 20000000 USD exact"},
		{"订造 is a purchase", "阳明海运公告，董事会通过向韩国现代重工公司订造5艘货柜轮，总金额约6亿美元。",
			">现代重工 600000000 USD about"},
		{"an answer of an interview whose speaker was introduced before", "记者专访了恒泰储能科技股份有限公司董事长陈立新。\n陈立新：我们和西班牙伊比利亚电力公司签了一份储能系统供货合同，金额约1.1亿欧元。\n",
			"伊比利亚电力公司>恒泰储能科技股份有限公司 110000000 EUR about"},
		{"它 after a takeover verb is the company named before", "记者专访了恒泰储能科技股份有限公司董事长陈立新。\n陈立新：莱茵电控有限公司是做电池管理系统的，我们花了1850万欧元买下它80%的股权。\n",
			"恒泰储能科技股份有限公司>莱茵电控有限公司 18500000 EUR exact"},
		{"a target and a seller sharing a brand stay two companies", "江苏恒泰机械股份有限公司公告，公司决定终止以2亿欧元收购德国巴登精密轴承有限公司全部股权的交易，并已与卖方巴登控股集团签署终止协议。",
			"江苏恒泰机械股份有限公司>巴登精密轴承有限公司,巴登控股集团 200000000 EUR exact"},
		{"taking a stake is a takeover", "江苏恒泰机械股份有限公司董事会通过，将以约3000万美元取得越南西贡精工公司60%股权。",
			"江苏恒泰机械股份有限公司>西贡精工公司 30000000 USD about"},
		{"X与Y签约，订购…: the subject orders", "肯尼亚蒙巴萨建设集团与中联重科股份有限公司签约，订购塔式起重机30台，合同金额约2000万美元。",
			"蒙巴萨建设集团>中联重科股份有限公司 20000000 USD about"},
		{"采购金额 after X与Y is a noun: the Chinese side still buys", "阿斯利康与华润医药商业集团有限公司续签合作协议，华润医药将在未来三年采购阿斯利康药品，采购金额约50亿元。",
			"华润医药商业集团有限公司>阿斯利康 5000000000 CNY about"},
		{"向 a group's unit (旗下的): the unit sells", "本地船东南洋航运集团（Nanyang Shipping Group）昨天宣布，向中国船舶集团旗下的沪东中华造船（集团）有限公司订造八艘集装箱船，总值逾8亿美元。",
			"南洋航运集团>沪东中华造船（集团）有限公司 800000000 USD over"},
		{"该公司 after a time phrase is the company named before", "苏州恒芯微电子有限公司是一家芯片封装企业。今年3月，该公司与荷兰阿斯麦公司签署设备采购协议，合同金额约2.3亿欧元。",
			"苏州恒芯微电子有限公司>阿斯麦 230000000 EUR about"},
		{"对X…的收购: X is taken over", "合肥恒澜科技股份有限公司近日公告，已完成对荷兰莱顿精测有限公司60%股权的收购，交易对价为4800万欧元。",
			"合肥恒澜科技股份有限公司>莱顿精测有限公司 48000000 EUR exact"},
		{"从后者采购: the first party buys, even a foreign one", "签约现场，诺和诺德与四川恒康原料药股份有限公司签订原料药采购合同，从后者采购多肽类原料药，合同金额约4500万美元。",
			"诺和诺德>四川恒康原料药股份有限公司 45000000 USD about"},
		{"它 at a clause start is the last buyer", "杭州恒澜时尚集团股份有限公司曾以1.2亿欧元收购意大利维罗纳制鞋公司；今年初，它又与法国开云集团签署了门店合作协议。",
			"杭州恒澜时尚集团股份有限公司>开云"},
		{"货源来自 gives the goods' origin", "黑龙江恒丰粮食集团有限公司与路易达孚签署玉米进口合同，金额逾1.1亿美元，货源来自阿根廷和美国。",
			"黑龙江恒丰粮食集团有限公司>路易达孚,@阿根廷,@美国 110000000 USD over"},
		{"a bank lends: the borrower buys", "中国农业银行日前向安徽江淮远达物流有限公司提供8亿元项目贷款。",
			"安徽江淮远达物流有限公司>中国农业银行 800000000 CNY exact"},
		{"a syndicate lends to the latter", "由中国建设银行牵头，招商银行、汇丰银行参与的银团，与越南海防钢铁有限公司签署贷款协议，向后者提供2亿美元贷款。",
			"海防钢铁有限公司>中国建设银行,招商银行,汇丰 200000000 USD exact"},
		{"a syndicate signs with the borrower", "由国家开发银行牵头，中国光大银行参与组建的银团与湖北楚天港务集团有限公司签署20亿元银团贷款协议。",
			"湖北楚天港务集团有限公司>国家开发银行,中国光大银行 2000000000 CNY exact"},
		{"向X投资: X receives the investment", "阿斯利康宣布向苏州启明智医科技有限公司投资1.2亿元，获得其约8%的股权。",
			"阿斯利康>苏州启明智医科技有限公司 120000000 CNY exact"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := digest(run(t, c.text))
			ok := false
			for _, d := range v.deals {
				if strings.Contains(d, c.want) || dealLike(d, c.want) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("want deal %q, got %q", c.want, v.deals)
			}
		})
	}
}

// dealLike compares deals loosely: buyer and partner names may be short
// or full forms of each other.
func dealLike(got, want string) bool {
	gb, gr, _ := strings.Cut(got, ">")
	wb, wr, _ := strings.Cut(want, ">")
	if wb != "" && !strings.Contains(gb, wb) && !strings.Contains(wb, gb) {
		return false
	}
	gp, ga, _ := strings.Cut(gr, " ")
	wp, wa, _ := strings.Cut(wr, " ")
	if wa != ga {
		return false
	}
	for _, p := range strings.Split(wp, ",") {
		if p == "" {
			continue
		}
		hit := false
		for _, q := range strings.Split(gp, ",") {
			if q != "" && (strings.Contains(q, p) || strings.Contains(p, q)) {
				hit = true
			}
		}
		if !hit {
			return false
		}
	}
	return true
}

func TestBadInput(t *testing.T) {
	x := extractor(t)
	for _, c := range []struct {
		name string
		raw  []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"blank", []byte(" \n\t　"), ErrEmpty},
		{"binary", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3}, ErrBinary},
		{"no Chinese", []byte("hello world"), ErrNoText},
	} {
		_, err := x.Extract(context.Background(), Document{Name: "bad.txt", Raw: c.raw})
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), "bad.txt") {
			t.Errorf("%s: got %v, want %v naming the file", c.name, err, c.want)
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hasPrefixKey: a key starts with p (the gazetteer may give the full name:
// 中国中车 → 中国中车集团有限公司).
func hasPrefixKey(m map[string]bool, p string) bool {
	for k := range m {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// BenchmarkExtractDevCorpus extracts the dev articles (copies under
// cmd/dealgraph/testdata/corpus) and reports throughput; the extractor's
// start-up is outside the timed loop (see BenchmarkNew in bench/).
func BenchmarkExtractDevCorpus(b *testing.B) {
	x := extractor(b)
	files, _ := filepath.Glob("../cmd/dealgraph/testdata/corpus/*.txt")
	var docs [][]byte
	size := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, raw)
		size += len(raw)
	}
	if len(docs) == 0 {
		b.Skip("no corpus")
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, raw := range docs {
			if _, err := x.Extract(context.Background(), Document{IRI: "urn:bench", Name: "bench", Raw: raw}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestProducts: the goods a purchase verb takes, without the maker's name,
// the count before them or a model number cut in two.
func TestProducts(t *testing.T) {
	cases := []struct {
		name, text string
		want, not  []string
	}{
		{"a count before the goods", "秘鲁安第斯运输公司日前从金龙联合汽车工业有限公司订购80辆电动大巴，总价约4000万美元。", []string{"电动大巴"}, nil},
		{"the maker's name before the goods, a total after", "越南红河建设公司将采购三一重工股份有限公司履带起重机和旋挖钻机共60台。", []string{"履带起重机", "旋挖钻机"}, nil},
		{"a model number is not cut", "江苏恒泰机械股份有限公司签约购买的GT36型燃气轮机已安装就位。", nil, []string{"GT"}},
		{"a title is no product", "“今年品质很好。”宁波凯达贸易有限公司采购部部长高建军说。", nil, []string{"部部长高建军说"}},
		{"an amount is no product", "我们这几年累计采购额已超过18亿美元。", nil, []string{"额已超过"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := run(t, c.text)
			name := map[string]string{}
			for _, e := range f.Entities {
				name[e.ID] = e.Name
			}
			got := map[string]bool{}
			for _, e := range f.Entities {
				if e.Kind == Product {
					got[e.Name] = true
				}
			}
			for _, d := range f.Deals {
				for _, p := range d.Products {
					got[name[p]] = true
				}
			}
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("want product %q, got %v", w, keys(got))
				}
			}
			for _, w := range c.not {
				if got[w] {
					t.Errorf("product %q should not be read, got %v", w, keys(got))
				}
			}
		})
	}
}

// TestPriceIsNoTakeoverObject: 收购代价相当于X… compares the price with X,
// it does not buy X.
func TestPriceIsNoTakeoverObject(t *testing.T) {
	v := digest(run(t, "深圳市恒泰储能技术有限公司是一家电池企业。富达证券研究部主管刘嘉欣认为，收购代价相当于恒泰储能去年盈利约11倍。"))
	for _, d := range v.deals {
		if strings.Contains(d, "恒泰储能") {
			t.Errorf("a deal with the company the price is compared to: %q", v.deals)
		}
	}
}

// TestTradeVolumeIsNoDeal: a company's yearly imports (进口额) are no deal's
// value, even when 该公司 names the company.
func TestTradeVolumeIsNoDeal(t *testing.T) {
	v := digest(run(t, "上海恒联进出口有限公司是一家粮食贸易商。她透露，该公司去年进口额约9亿元，同比增长27%。"))
	for _, d := range v.deals {
		if strings.Contains(d, "900000000") {
			t.Errorf("a yearly import volume became a deal's amount: %q", v.deals)
		}
	}
}
