// Package corpus generates synthetic Chinese news articles for dealgraph's
// benchmarks and golden tests (see ../run.sh and ../RESULTS.md); package
// bench builds synthetic graphs from the same names. Everything is
// deterministic for a given seed. It depends on extract only (for the
// gazetteer's countries), so that extract's own tests can use it without
// pulling in the graph store.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dealgraph/dealgraph/extract"
)

// Word lists for invented names. Countries come from extract's gazetteer.
var (
	places = strings.Fields(`北京 上海 天津 重庆 江苏 浙江 广东 山东 福建 湖北 四川 安徽 河南 湖南 陕西 辽宁
		苏州 无锡 宁波 杭州 深圳 青岛 厦门 大连 南京 成都 武汉 长沙 西安 合肥 郑州 济南 沈阳 昆明 南宁`)
	brands     = strings.Fields(`恒 瑞 达 华 鑫 盛 泰 丰 宏 源 嘉 信 德 润 康 美 锦 通 远 海 宇 晟 博 金 银 星 光 明 弘 科 创 新 联 汇 越 安 和 中 长 天`)
	industries = strings.Fields(`进出口贸易 国际贸易 实业 科技 能源 电力 物流 供应链 食品 粮油 医药 生物 化工 机械 汽车 电子 新材料 农业 航空 智能 设备 纺织 环保 投资`)
	cnForms    = []string{"有限公司", "股份有限公司", "集团有限公司", "集团", "有限责任公司"}
	// Transliteration syllables for foreign company names.
	syllables  = strings.Fields(`阿 巴 卡 达 伊 拉 玛 纳 帕 萨 塔 瓦 贝 德 费 格 赫 克 勒 默 内 佩 瑟 泰 维 诺 索 托 沃 里 米 尼 斯 特 尔 森 顿 曼 福 罗`)
	foreignInd = strings.Fields(`集团 公司 食品公司 能源公司 化工集团 农业公司 制药公司 航空公司 汽车公司 矿业公司 乳业公司`)
	surnames   = strings.Fields(`王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹`)
	given      = strings.Fields(`伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 华 建 国 海 峰 宇 鹏 辉`)
	titles     = strings.Fields(`董事长 总经理 总裁 副总裁 首席执行官 采购总监 销售总监 总监 副总经理 党委书记、董事长`)
	products   = strings.Fields(`大米 牛肉 乳制品 医疗器械 飞机 发动机 液化天然气 大豆 葡萄酒 咖啡 汽车零部件 光伏组件 工业机器人 化妆品 水果 海产品 芯片 铁矿石 棉花 木材`)
	currencies = []struct{ name string }{{"美元"}, {"欧元"}, {"人民币"}, {"日元"}, {"英镑"}}
	events     = []string{"第五届进博会", "第六届中国国际进口博览会", "第四届进博会", "第三届中国国际进口博览会", "本届进博会"}
	outlets    = []string{"新华社", "中新网", "人民网", "经济日报", "国际商报"}
)

var (
	countriesOnce sync.Once
	countryNames  []string
)

// Countries returns the short simplified names of the gazetteer's countries
// (kind "country"), in file order.
func Countries() []string {
	countriesOnce.Do(func() {
		kb, err := extract.LoadKB()
		if err != nil {
			panic(err)
		}
		for _, c := range kb.Countries() {
			if c.Kind == "country" && c.Name != "" && c.Name != "中国" {
				countryNames = append(countryNames, c.Name)
			}
		}
	})
	return countryNames
}

// Gen makes synthetic articles in the style of CIIE and trade news.
type Gen struct {
	r *rand.Rand
}

// NewGen returns a generator for seed.
func NewGen(seed uint64) *Gen {
	return &Gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// NewGenRand returns a generator drawing from r, for callers that
// interleave their own draws with the generator's (bench.Graph).
func NewGenRand(r *rand.Rand) *Gen { return &Gen{r: r} }

// Rand is the generator's source of randomness, for callers that
// interleave their own draws with the generator's.
func (g *Gen) Rand() *rand.Rand { return g.r }

func (g *Gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// Event picks a trade fair (第五届进博会).
func (g *Gen) Event() string { return g.pick(events) }

// Product picks a traded good (大米).
func (g *Gen) Product() string { return g.pick(products) }

// Title picks a job title (董事长).
func (g *Gen) Title() string { return g.pick(titles) }

// ChineseCompany invents a Chinese company name (江苏恒瑞进出口贸易有限公司).
func (g *Gen) ChineseCompany() string {
	return g.pick(places) + g.pick(brands) + g.pick(brands) + g.pick(industries) + g.pick(cnForms)
}

// ForeignCompany invents a transliterated foreign company name with its
// country (德国贝勒默集团).
func (g *Gen) ForeignCompany() (name, country string) {
	cs := Countries()
	country = cs[g.r.IntN(len(cs))]
	n := 2 + g.r.IntN(3)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(g.pick(syllables))
	}
	return b.String() + g.pick(foreignInd), country
}

// Person invents a name.
func (g *Gen) Person() string {
	s := g.pick(surnames) + g.pick(given)
	if g.r.IntN(2) == 0 {
		s += g.pick(given)
	}
	return s
}

// Amount writes a sum of money (4.58亿美元, 3200万欧元).
func (g *Gen) Amount() string {
	cur := currencies[g.r.IntN(len(currencies))].name
	if g.r.IntN(2) == 0 {
		return fmt.Sprintf("%d.%02d亿%s", 1+g.r.IntN(90), g.r.IntN(100), cur)
	}
	return fmt.Sprintf("%d万%s", 100+g.r.IntN(9900), cur)
}

// Sentence writes one sentence.
func (g *Gen) Sentence() string {
	cn := g.ChineseCompany()
	fc, country := g.ForeignCompany()
	switch g.r.IntN(7) {
	case 0:
		return fmt.Sprintf("在%s上，%s与%s%s签署采购协议，采购%s，金额达%s。", g.pick(events), cn, country, fc, g.pick(products), g.Amount())
	case 1:
		return fmt.Sprintf("%s%s%s表示：“%s将继续扩大与%s的合作，进一步开拓中国市场。”", fc, g.pick(titles), g.Person(), fc, cn)
	case 2:
		return fmt.Sprintf("%s向%s%s采购了价值%s的%s。", cn, country, fc, g.Amount(), g.pick(products))
	case 3:
		return fmt.Sprintf("据%s%s%s介绍，公司在本届进博会上累计签约金额超过%s，较上届增长%d%%。", cn, g.pick(titles), g.Person(), g.Amount(), 5+g.r.IntN(60))
	case 4:
		return fmt.Sprintf("%s宣布以%s收购%s%s%d%%的股份。", cn, g.Amount(), country, fc, 10+g.r.IntN(90))
	case 5:
		return fmt.Sprintf("%s与%s成立合资企业，注册资本%s，主要生产%s。", cn, fc, g.Amount(), g.pick(products))
	default:
		return fmt.Sprintf("来自%s的%s首次亮相进博会，展出了%s等产品，吸引了众多采购商。", country, fc, g.pick(products))
	}
}

// Article writes one article of roughly size bytes: a headline, a byline
// and paragraphs of sentences.
func (g *Gen) Article(size int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s签约%s\n\n", g.pick(events), g.pick(products))
	fmt.Fprintf(&b, "%s上海%d月%d日电（记者 %s）", g.pick(outlets), 1+g.r.IntN(12), 1+g.r.IntN(28), g.Person())
	for b.Len() < size {
		for i := 0; i < 3+g.r.IntN(3) && b.Len() < size; i++ {
			b.WriteString(g.Sentence())
		}
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}

// WriteCorpus writes articles of about articleSize bytes into dir until
// total bytes are written, and returns the file paths.
func WriteCorpus(dir string, total int64, articleSize int, seed uint64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	g := NewGen(seed)
	var paths []string
	var n int64
	for i := 0; n < total; i++ {
		a := g.Article(articleSize)
		p := filepath.Join(dir, fmt.Sprintf("a%06d.txt", i))
		if err := os.WriteFile(p, a, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
		n += int64(len(a))
	}
	return paths, nil
}
